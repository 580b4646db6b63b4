"""Daily snapshots: each project's figures and health on a day, one row per project per
day. Taking them again the same day replaces that day's rows; earlier days are never
written again, so they keep the colours of the policy that applied then.

Taken on demand (admin and pmo: ``POST /v1/snapshots``) and every day by the scheduler
(:mod:`services.reporting.snapshots.scheduler`). Read by anyone who may read the project.
Other reporting packages read them through :func:`colours_between`; the API's reads are
in :mod:`.reads`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.clock import Clock
from services.reporting.corrective_actions import register
from services.reporting.health.service import (
    Assessment,
    assess_projects,
    dimension_read,
    reason_read,
)
from services.reporting.health.sources import HealthSources
from services.reporting.models import ProjectSnapshot
from services.reporting.policies.policy import Metric
from services.reporting.snapshots import repository
from services.reporting.snapshots.forecasts import Forecast, latest_forecasts
from services.reporting.snapshots.schemas import SnapshotsTake, SnapshotsTaken
from shared.auth import GlobalRole, Principal
from shared.clients.projects import ProjectsClient
from shared.pagination import MAX_LIMIT

TAKERS = (GlobalRole.admin, GlobalRole.pmo)
# Projects assessed and written together: one metrics call (the projects service's batch
# limit) and one compliance call per batch, one upsert.
BATCH = 100


@dataclass(frozen=True, slots=True)
class SnapshotCounts:
    projects: int = 0
    created: int = 0
    replaced: int = 0
    # Corrective actions proposed: their options are asked for once the snapshot committed
    # (register.queue_options), never while its transaction holds locks.
    proposed: tuple[register.Proposed, ...] = ()

    def __add__(self, other: SnapshotCounts) -> SnapshotCounts:
        return SnapshotCounts(
            self.projects + other.projects,
            self.created + other.created,
            self.replaced + other.replaced,
            self.proposed + other.proposed,
        )


def _whole(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None


def snapshot_row(
    assessment: Assessment, day: date, taken_at: datetime, forecast: Forecast | None = None
) -> dict[str, Any]:
    """The row of one project's snapshot."""
    metrics = assessment.figures.metrics
    evm = metrics.evm
    result = assessment.result
    health = {
        "overall_reasons": [reason_read(r).model_dump(mode="json") for r in result.overall_reasons],
        "dimensions": [dimension_read(d).model_dump(mode="json") for d in result.dimensions],
    }
    return {
        "id": uuid.uuid4(),
        "project_id": metrics.project_id,
        "portfolio_id": metrics.portfolio_id,
        "day": day,
        "taken_at": taken_at,
        "status_date": metrics.status_date,
        "currency": evm.currency or metrics.currency,
        **{name: getattr(evm, name) for name in ("bac", "pv", "ev", "ac", "eac", "spi", "cpi")},
        "spi_t": evm.spi_t,
        "percent_complete": metrics.percent_complete,
        "finish_variance_days": metrics.finish_variance_days,
        "critical_float_days": metrics.critical_float_days,
        "p80_finish": forecast.p80_finish if forecast else None,
        "deadline_probability": forecast.deadline_probability if forecast else None,
        "overdue_milestones": metrics.overdue_milestones,
        "open_risks": metrics.open_risks,
        "open_high_risks": _whole(result.values[Metric.open_high_risks]) or 0,
        "compliance_score": assessment.figures.compliance_score,
        "days_since_status_update": _whole(result.values[Metric.days_since_status_update]),
        "evm": evm.model_dump(mode="json"),
        "overall_rag": result.overall.value,
        "effective_rag": assessment.effective.value,
        "override_id": assessment.override.id if assessment.override is not None else None,
        "health": health,
        "policy_id": assessment.policy.id,
        "policy_version": assessment.policy.version,
    }


async def snapshot_batch(
    session: AsyncSession,
    sources: HealthSources,
    project_ids: list[uuid.UUID],
    clock: Clock,
    taken: set[uuid.UUID] | None = None,
) -> SnapshotCounts:
    """Assess up to :data:`BATCH` projects and store today's snapshot of each readable one
    (their ids are added to ``taken``), then let the action register measure and propose
    (:func:`register.after_snapshot`, in the same transaction); the counts carry the
    proposals, whose options the caller asks for after committing."""
    assessed = await assess_projects(session, sources, project_ids, clock=clock)
    ids = [a.project_id for a in assessed]
    if taken is not None:
        taken.update(ids)
    forecasts = await latest_forecasts(sources.projects, ids)
    now = clock.now()
    rows = [snapshot_row(a, now.date(), now, forecasts.get(a.project_id)) for a in assessed]
    previous = {
        pid: register.Previous(rag, p80)
        for pid, (rag, p80) in (await repository.latest_before(session, ids, now.date())).items()
    }
    created, replaced = await repository.upsert(session, rows)
    deadlines = {pid: f.deadline for pid, f in forecasts.items()}
    proposed = await register.after_snapshot(session, rows, previous, deadlines, now)
    return SnapshotCounts(len(rows), created, replaced, tuple(proposed))


async def latest_snapshot(session: AsyncSession, project_id: uuid.UUID) -> ProjectSnapshot | None:
    """The project's latest snapshot (no access check: the caller has made it)."""
    return await repository.latest_of_project(session, project_id)


async def portfolio_project_ids(
    projects: ProjectsClient, portfolio_id: uuid.UUID | None
) -> list[uuid.UUID]:
    """Every project of the portfolio (``None``: every project), as the caller sees them."""
    if portfolio_id is not None:
        await projects.get_portfolio(portfolio_id)  # 404 for an unknown portfolio
    ids: list[uuid.UUID] = []
    cursor: str | None = None
    while True:
        page = await projects.list_projects(
            portfolio_id=portfolio_id, limit=MAX_LIMIT, cursor=cursor
        )
        ids.extend(p.id for p in page.items)
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def batches(ids: Sequence[uuid.UUID], size: int = BATCH) -> list[list[uuid.UUID]]:
    unique = list(dict.fromkeys(ids))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


def require_taker(principal: Principal) -> None:
    principal.require_any(*TAKERS)


async def colours_between(
    session: AsyncSession, project_id: uuid.UUID, from_date: date, to_date: date
) -> list[tuple[date, str]]:
    """(day, effective colour) of a project's snapshots from ``from_date`` to ``to_date``
    (both included), by day: two columns, not the whole rows (no access check: the caller
    has established that its caller may read the project)."""
    rows = await repository.trend(session, project_id, "effective_rag", from_date, to_date)
    return [(day, str(rag)) for day, rag in rows]


async def take_snapshots(
    session: AsyncSession,
    sources: HealthSources,
    principal: Principal,
    target: SnapshotsTake,
    clock: Clock,
) -> tuple[SnapshotsTaken, tuple[register.Proposed, ...]]:
    """Today's snapshot of a portfolio's projects, or of the projects named (those the
    caller may not read are answered as missing), and the corrective actions it proposed."""
    require_taker(principal)
    if target.portfolio_id is not None:
        ids = await portfolio_project_ids(sources.projects, target.portfolio_id)
    else:
        ids = list(dict.fromkeys(target.project_ids or []))
    counts = SnapshotCounts()
    taken: set[uuid.UUID] = set()
    for batch in batches(ids):
        counts += await snapshot_batch(session, sources, batch, clock, taken)
    now = clock.now()
    taken_now = SnapshotsTaken(
        day=now.date(),
        taken_at=now,
        projects=counts.projects,
        created=counts.created,
        replaced=counts.replaced,
        missing=[i for i in ids if i not in taken],
    )
    return taken_now, counts.proposed
