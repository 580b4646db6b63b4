"""Who may subscribe to what, and who sees a subscription.

- Every event (no scope) or a portfolio's: admin and pmo.
- A project's: admin and pmo, and the project's managers. A project the caller cannot see
  is answered 404, as if it did not exist.
- A service token (role ``integration``, scope ``webhooks:write``, checked with
  authentication): a project within its limits (404 outside them, as for a missing one), or
  a portfolio its token names in ``pmo_portfolios`` (403 for any other); never every event.
  It manages no project, so it is never asked for a manager's role.
- Our own services subscribing as themselves (the ``reporting-service`` role): every event,
  recorded as ``internal``; their callbacks may be inside the cluster.
- A subscription is seen and changed by its owner (who created it), and by admin and pmo.

A project manager's subscription is re-checked before its deliveries go out
(:meth:`ScopeAccess.manager_lost`, :mod:`shared.webhooks.owners`).

Each service says how a project and a portfolio are checked (:class:`ScopeAccess`): the
projects service reads its own tables, the others ask the projects service.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Protocol

from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import GlobalRole, Principal
from shared.errors import Forbidden, NotFound
from shared.webhooks.settings import INTERNAL_OWNER_KIND


class ScopeAccess(Protocol):
    async def check_project(
        self, request: Request, session: AsyncSession, principal: Principal, project_id: uuid.UUID
    ) -> None:
        """Returns when the caller may subscribe to the project's events: 404 when the
        project is unknown or invisible to the caller, 403 when visible but not theirs to
        manage. A service token may subscribe to any project within its limits."""

    async def check_portfolio(
        self, request: Request, session: AsyncSession, principal: Principal, portfolio_id: uuid.UUID
    ) -> None:
        """Returns when the portfolio exists (404 otherwise); the caller is admin or pmo."""

    async def manager_lost(self, app: FastAPI, owner: str, project_id: uuid.UUID) -> str | None:
        """Why ``owner`` may no longer subscribe to the project's events (not its manager
        any more, the project is gone), or None while they are its manager. Raises when the
        answer cannot be had (the projects service is unavailable): the caller retries."""


async def check_scope(
    access: ScopeAccess,
    request: Request,
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID | None,
    portfolio_id: uuid.UUID | None,
) -> None:
    if project_id is not None:
        await access.check_project(request, session, principal, project_id)
        return
    if principal.is_integration:
        _ensure_named_portfolio(principal, portfolio_id)
    elif not (principal.can_write_all or is_internal_subscriber(principal)):
        raise Forbidden(
            "Subscribing to every event or to a portfolio's needs the admin or pmo role; "
            "a project's manager subscribes with project_id."
        )
    if portfolio_id is not None:
        await access.check_portfolio(request, session, principal, portfolio_id)


def _ensure_named_portfolio(principal: Principal, portfolio_id: uuid.UUID | None) -> None:
    """A service token's limits name projects and portfolios: a portfolio's events only
    when its token names that portfolio (not merely some of its projects)."""
    if portfolio_id is None or portfolio_id not in (principal.portfolio_ids or ()):
        raise Forbidden(
            "A service token subscribes to a project within its limits, or to a portfolio "
            "its token names (pmo_portfolios); never to every event."
        )


def is_internal_subscriber(principal: Principal) -> bool:
    """One of our own services subscribing as itself (the ``reporting-service`` role, which
    the identity provider issues to reporting's client only): it subscribes to every event,
    and its callback may be inside the cluster (``PMO_WEBHOOKS_INTERNAL_ALLOWED_CIDRS``). A
    role, not a subject name: a user whose token happened to name ``service:reporting``
    gets nothing from it."""
    return GlobalRole.reporting_service in principal.roles


def owner_kind(principal: Principal) -> str:
    """How the caller may subscribe (after :func:`check_scope`): as one of our services, a
    global role, a service token's limits, or as the manager of the subscription's
    project."""
    if is_internal_subscriber(principal):
        return INTERNAL_OWNER_KIND
    if principal.can_write_all:
        return "global"
    return "integration" if principal.is_integration else "project_manager"


def is_owner(principal: Principal, row: Mapping[str, Any]) -> bool:
    """The caller owns the subscription: its subject, and for an ``internal`` one the role
    it was made with too (a token that merely names ``service:reporting`` owns nothing)."""
    if row["owner"] != principal.subject:
        return False
    return row["owner_kind"] != INTERNAL_OWNER_KIND or is_internal_subscriber(principal)


def ensure_visible(principal: Principal, row: Mapping[str, Any] | None, what: str) -> None:
    if row is None or not (principal.can_write_all or is_owner(principal, row)):
        raise NotFound(f"{what} not found.")
