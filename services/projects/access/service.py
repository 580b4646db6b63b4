"""Who may read or write a project (DESIGN §5): global roles, else project membership."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import Viewer, viewer_of
from services.projects.access.repository import AccessRepository
from shared.auth import Principal
from shared.errors import Conflict, Forbidden, NotFound
from shared.reads import Reader

repository = AccessRepository()


class ProjectRole(StrEnum):
    manager = "manager"
    member = "member"
    viewer = "viewer"


WRITER_ROLES = frozenset({ProjectRole.manager, ProjectRole.member})


def _reach(principal: Principal, project_id: uuid.UUID) -> None:
    """A service token (integration) reaches only the projects in its limits: any other is
    as absent as a missing one. Its scopes were checked with authentication."""
    if not principal.may_reach(project_id):
        raise NotFound(f"Project {project_id} not found.")


def batch_subject(principal: Principal) -> Viewer | None:
    """Whose projects a batch read may show: ``None`` for a caller who reads every project,
    else the caller as a :class:`Viewer` (a user's memberships, a service token's limits)."""
    return viewer_of(principal)


def ensure_can_read(principal: Principal, role: str | None, project_id: uuid.UUID) -> None:
    if principal.is_integration:
        _reach(principal, project_id)  # never a member: its limits decide
        return
    if principal.can_read_all or role is not None:
        return
    # Same answer as for a missing project: do not reveal what exists.
    raise NotFound(f"Project {project_id} not found.")


def ensure_can_write(principal: Principal, role: str | None, project_id: uuid.UUID) -> None:
    if principal.is_integration:
        _reach(principal, project_id)  # the scope of the operation was checked already
        return
    if principal.can_write_all or role in WRITER_ROLES:
        return
    ensure_can_read(principal, role, project_id)
    raise Forbidden("Changing this project needs the manager or member role on it, or pmo/admin.")


def ensure_can_manage(principal: Principal, role: str | None, project_id: uuid.UUID) -> None:
    if principal.is_integration:
        _reach(principal, project_id)
        raise Forbidden("Integration tokens do not manage projects or their members.")
    if principal.can_write_all or role == ProjectRole.manager:
        return
    ensure_can_read(principal, role, project_id)
    raise Forbidden("Managing members needs the manager role on this project, or pmo/admin.")


async def resolve_limits(reader: Reader, principal: Principal) -> Principal:
    """A service token's limits with the projects of the portfolios it names (per request:
    a project moved into or out of such a portfolio counts at once)."""
    portfolio_ids = sorted(principal.portfolio_ids or ())
    return principal.with_projects(await repository.projects_of_portfolios(reader, portfolio_ids))


async def install_limits(app: FastAPI) -> None:
    """Startup hook: authentication completes service tokens' limits with
    :func:`resolve_limits` (shared/auth.py ``current_principal``)."""
    app.state.principal_limits = resolve_limits


def sees_archived(principal: Principal) -> bool:
    """Admins and PMO staff see archived projects (by id, and listed with ``archived=true``);
    for everyone else an archived project is as absent as a missing one."""
    return principal.can_write_all


class ProjectArchived(Conflict):
    slug = "project-archived"
    title = "Project archived"


def _present(principal: Principal, row: Mapping[str, Any] | None, project_id: uuid.UUID) -> None:
    if row is None or (row["archived_at"] is not None and not sees_archived(principal)):
        raise NotFound(f"Project {project_id} not found.")


async def read_role(reader: Reader, principal: Principal, project_id: uuid.UUID) -> str | None:
    """The caller's role on a project (None: none); NotFound when the project is missing,
    or archived and the caller is not admin/pmo."""
    row = await repository.role(reader, principal.subject, project_id)
    _present(principal, row, project_id)
    assert row is not None
    return row["my_role"]


async def ensure_can_read_every(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID], missing: NotFound
) -> None:
    """``missing`` unless the caller may read every one of the projects (what a result
    drawn from all of them shows, e.g. a portfolio's levelling preview)."""
    viewer = viewer_of(principal)
    if viewer is None or not project_ids:
        return
    unique = list(set(project_ids))
    if await repository.readable_count(reader, viewer, unique) != len(unique):
        raise missing


async def load_role(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID
) -> str | None:
    """:func:`read_role` inside a write transaction (the session's connection). Nothing in
    an archived project changes: 409 for admin/pmo (restore it first), 404 for the rest."""
    row = await repository.role_in_transaction(session, principal.subject, project_id)
    _present(principal, row, project_id)
    assert row is not None
    if row["archived_at"] is not None:
        raise ProjectArchived(
            f"Project {project_id} is archived: restore it "
            f"(POST /v1/projects/{project_id}/restore) before changing it."
        )
    return row["my_role"]


class _ProjectRecord(Protocol):
    @property
    def project_id(self) -> uuid.UUID | None: ...


Record = TypeVar("Record", bound=_ProjectRecord)
Row = TypeVar("Row", bound=Mapping[str, Any])


async def readable(reader: Reader, principal: Principal, row: Row | None, missing: NotFound) -> Row:
    """A project's record (a row with ``project_id``) if the caller may read its project,
    else ``missing``: a record of a project the caller cannot see is as absent as one that
    does not exist."""
    if row is None:
        raise missing
    try:
        ensure_can_read(
            principal, await read_role(reader, principal, row["project_id"]), row["project_id"]
        )
    except NotFound as exc:
        raise missing from exc
    return row


async def writable(
    session: AsyncSession, principal: Principal, record: Record | None, missing: NotFound
) -> Record:
    """A project's record (an ORM object) if the caller may change its project; ``missing``
    when it does not exist, belongs to no project, or its project is invisible to the caller
    (403 when visible)."""
    project_id = record.project_id if record is not None else None
    if record is None or project_id is None:
        raise missing
    try:
        ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    except NotFound as exc:
        raise missing from exc
    return record
