"""Health policies: one per portfolio, versioned. Reading answers the current version (the
built-in default, version 0, when none was ever set); a change stores a new version and
never touches the old ones, which past snapshots name.

Anyone who may read the portfolio reads its policy; only admin and pmo change it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.models import HealthPolicy
from services.reporting.policies import repository
from services.reporting.policies.policy import (
    DEFAULT_POLICY,
    Combine,
    Dimension,
    Metric,
    Policy,
    Threshold,
)
from services.reporting.policies.schemas import (
    HealthPolicyRead,
    HealthPolicyWrite,
    PolicyThresholds,
)
from shared.auth import GlobalRole, Principal
from shared.clients.projects import ProjectsClient
from shared.concurrency import check_version
from shared.pagination import PageParams

AUTHORS = (GlobalRole.admin, GlobalRole.pmo)


def to_policy(row: HealthPolicy) -> Policy:
    thresholds = {
        Metric(name): Threshold(Decimal(pair["amber"]), Decimal(pair["red"]))
        for name, pair in row.thresholds.items()
    }
    return Policy(
        version=row.version,
        thresholds=thresholds,
        enabled=frozenset(Dimension(d) for d in row.enabled_dimensions),
        high_risk_score=row.high_risk_score,
        combine=Combine(row.combine),
        ambers_for_red=row.ambers_for_red,
        id=row.id,
        portfolio_id=row.portfolio_id,
    )


def _thresholds_of(policy: Policy) -> PolicyThresholds:
    values = {
        metric.value: {"amber": pair.amber, "red": pair.red}
        for metric, pair in policy.thresholds.items()
    }
    return PolicyThresholds.model_validate(values)


def read_of(
    policy: Policy, portfolio_id: uuid.UUID, row: HealthPolicy | None = None
) -> HealthPolicyRead:
    return HealthPolicyRead(
        id=policy.id,
        portfolio_id=portfolio_id,
        version=policy.version,
        is_default=policy.is_default,
        thresholds=_thresholds_of(policy),
        enabled_dimensions=[d for d in Dimension if d in policy.enabled],
        high_risk_score=policy.high_risk_score,
        combine=policy.combine,
        ambers_for_red=policy.ambers_for_red,
        note=row.note if row else None,
        created_at=row.created_at if row else None,
        created_by=row.created_by if row else None,
    )


async def policies_of_portfolios(
    session: AsyncSession, portfolio_ids: Iterable[uuid.UUID | None]
) -> dict[uuid.UUID | None, Policy]:
    """The current policy of each portfolio (the default for those without one, and for
    ``None``: projects outside any portfolio)."""
    ids = sorted({i for i in portfolio_ids if i is not None})
    found: dict[uuid.UUID | None, Policy] = {None: DEFAULT_POLICY}
    found.update({i: DEFAULT_POLICY for i in ids})
    for row in await repository.current_of_portfolios(session, ids):
        found[row.portfolio_id] = to_policy(row)
    return found


async def get_policy(
    session: AsyncSession, projects: ProjectsClient, portfolio_id: uuid.UUID
) -> HealthPolicyRead:
    await projects.get_portfolio(portfolio_id)  # 404 for an unknown portfolio
    row = await repository.current(session, portfolio_id)
    policy = to_policy(row) if row is not None else DEFAULT_POLICY
    return read_of(policy, portfolio_id, row)


def _row(
    portfolio_id: uuid.UUID, version: int, data: HealthPolicyWrite, author: str
) -> HealthPolicy:
    thresholds: dict[str, Any] = data.thresholds.model_dump(mode="json")
    return HealthPolicy(
        portfolio_id=portfolio_id,
        version=version,
        thresholds=thresholds,
        enabled_dimensions=[d.value for d in Dimension if d in data.enabled_dimensions],
        high_risk_score=data.high_risk_score,
        combine=data.combine.value,
        ambers_for_red=data.ambers_for_red,
        note=data.note,
        created_by=author,
    )


async def set_policy(
    session: AsyncSession,
    projects: ProjectsClient,
    principal: Principal,
    portfolio_id: uuid.UUID,
    data: HealthPolicyWrite,
    expected_versions: list[int] | None,
) -> HealthPolicyRead:
    """A new version of the portfolio's policy; ``If-Match`` names the current version
    (``"0"`` while the default applies)."""
    principal.require_any(*AUTHORS)
    await projects.get_portfolio(portfolio_id)
    await repository.lock_portfolio(session, portfolio_id)
    current = await repository.latest_version(session, portfolio_id)
    check_version(current, expected_versions)
    row = _row(portfolio_id, current + 1, data, principal.subject)
    await repository.add(session, row)
    return read_of(to_policy(row), portfolio_id, row)


async def list_versions(
    session: AsyncSession, projects: ProjectsClient, portfolio_id: uuid.UUID, page: PageParams
) -> tuple[list[HealthPolicyRead], str | None]:
    await projects.get_portfolio(portfolio_id)
    rows, cursor = await repository.versions_page(session, portfolio_id, page)
    return [read_of(to_policy(row), portfolio_id, row) for row in rows], cursor
