"""All SQL of the schedule risk analyses: the rows, their lists, the latest finished one of
each project (reporting's snapshots read it in batches)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Uuid, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import Viewer, batch_params, in_visible_projects
from services.projects.models import Project, Risk, RiskAnalysis, Task
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import KeysetList, SortSpec

_FORECAST_COLUMNS = (
    RiskAnalysis.project_id,
    RiskAnalysis.id.label("analysis_id"),
    RiskAnalysis.finished_at,
    RiskAnalysis.p50_finish,
    RiskAnalysis.p80_finish,
    RiskAnalysis.deadline,
    RiskAnalysis.deadline_probability,
)


def _latest_query(read_all: bool) -> Any:
    project_id = RiskAnalysis.project_id.expression
    return (
        select(*_FORECAST_COLUMNS)
        .where(RiskAnalysis.finished_at.is_not(None), *in_visible_projects(project_id, read_all))
        .ext(distinct_on(RiskAnalysis.project_id))
        .order_by(RiskAnalysis.project_id, RiskAnalysis.finished_at.desc(), RiskAnalysis.id)
    )


_LATEST = {read_all: Query(_latest_query(read_all)) for read_all in (True, False)}


async def latest_forecasts(
    reader: Reader, viewer: Viewer | None, project_ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """Project id -> its latest finished analysis' figures (``viewer`` None: every
    project is readable); projects without one, unknown or unreadable, are absent."""
    rows = await reader.all(_LATEST[viewer is None], **batch_params(viewer, project_ids))
    return {row["project_id"]: row for row in rows}


async def project_exists(session: AsyncSession, project_id: uuid.UUID) -> bool:
    found = await session.scalar(select(Project.id).where(Project.id == project_id))
    return found is not None


async def projects_of_tasks(
    session: AsyncSession, task_ids: list[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    rows = await session.execute(select(Task.id, Task.project_id).where(Task.id.in_(task_ids)))
    return {row.id: row.project_id for row in rows}


async def get(session: AsyncSession, analysis_id: uuid.UUID) -> RiskAnalysis | None:
    return await session.get(RiskAnalysis, analysis_id)


async def of_job(
    session: AsyncSession, job_id: uuid.UUID, *, lock: bool = False
) -> RiskAnalysis | None:
    query = select(RiskAnalysis).where(RiskAnalysis.job_id == job_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


_SUMMARY_COLUMNS = (
    RiskAnalysis.id,
    RiskAnalysis.project_id,
    RiskAnalysis.job_id,
    RiskAnalysis.iterations,
    RiskAnalysis.seed,
    RiskAnalysis.deadline,
    RiskAnalysis.p50_finish,
    RiskAnalysis.p80_finish,
    RiskAnalysis.deadline_probability,
    RiskAnalysis.created_by,
    RiskAnalysis.created_at,
    RiskAnalysis.finished_at,
)
_LIST = KeysetList(
    select(*_SUMMARY_COLUMNS).where(RiskAnalysis.project_id == bindparam("project_id", type_=Uuid)),
    RiskAnalysis.id.expression,
)
NEWEST_FIRST = SortSpec(
    name="-created_at", column=RiskAnalysis.created_at.expression, descending=True
)


async def list_for_project(
    reader: Reader, project_id: uuid.UUID, page: PageParams
) -> tuple[list[Any], str | None]:
    """The project's analyses, newest first, without their inputs and results."""
    rows, cursor = await _LIST.page(reader, NEWEST_FIRST, page, project_id=project_id)
    return list(rows), cursor


async def store_result(session: AsyncSession, analysis_id: uuid.UUID, **values: Any) -> None:
    await session.execute(
        update(RiskAnalysis)
        .where(RiskAnalysis.id == analysis_id)
        .values(version=RiskAnalysis.version + 1, **values)
        .execution_options(synchronize_session=False)
    )


async def estimates(session: AsyncSession, project_id: uuid.UUID) -> list[Any]:
    """The project's tasks with a three-point estimate."""
    query = select(
        Task.id,
        Task.duration_distribution,
        Task.duration_optimistic_days,
        Task.duration_most_likely_days,
        Task.duration_pessimistic_days,
    ).where(Task.project_id == project_id, Task.duration_distribution.is_not(None))
    return list(await session.execute(query.order_by(Task.position, Task.id)))


async def risk_drivers(session: AsyncSession, project_id: uuid.UUID) -> list[Any]:
    """The project's risks that drive the schedule: not closed, with an occurrence
    probability, a schedule impact and tasks."""
    query = select(
        Risk.id,
        Risk.title,
        Risk.occurrence_probability,
        Risk.schedule_impact_min_days,
        Risk.schedule_impact_likely_days,
        Risk.schedule_impact_max_days,
        Risk.task_ids,
    ).where(
        Risk.project_id == project_id,
        Risk.status != "closed",
        Risk.occurrence_probability.is_not(None),
        func.cardinality(Risk.task_ids) > 0,
    )
    return list(await session.execute(query.order_by(Risk.created_at, Risk.id)))
