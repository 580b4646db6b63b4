"""The data behind each chart, read from the projects service, shaped for the renderers.

A Gantt costs two round trips whatever the plan's size: the project, the first
``max_rows`` tasks (sparse fields) and the baselines together, then the current baseline's
dates for those tasks."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.charts.gantt import GanttChart, GanttTask
from services.reporting.charts.rag_trend import RagPoint
from services.reporting.charts.s_curve import CurvePoint, SCurve
from services.reporting.snapshots import service as snapshots
from shared.clients.projects import ProjectsClient
from shared.clients.projects.evm import ProjectEvmDTO
from shared.clients.projects.planning import BaselineDTO, TaskVarianceDTO
from shared.clients.projects.projects import ProjectDTO
from shared.clients.projects.tasks import TaskFieldsDTO

GANTT_FIELDS = (
    "name",
    "wbs_code",
    "start_date",
    "finish_date",
    "early_start",
    "early_finish",
    "actual_start",
    "actual_finish",
    "critical",
    "is_milestone",
    "is_summary",
    "percent_complete",
)


def today() -> date:
    return datetime.now(UTC).date()


def status_line(project: ProjectDTO) -> tuple[date, str]:
    """Where the chart draws its line: the status date, else today."""
    if project.status_date is not None:
        return project.status_date, "Status date"
    return today(), "Today"


async def gantt_chart(
    projects: ProjectsClient, project_id: uuid.UUID, *, max_rows: int
) -> GanttChart:
    project, page, baselines = await asyncio.gather(
        projects.get_project(project_id),
        projects.list_tasks(project_id, limit=max_rows, fields=GANTT_FIELDS),
        projects.list_baselines(project_id),
    )
    planned = await _baseline_dates(projects, project_id, baselines, max_rows)
    line_date, line_label = status_line(project)
    return GanttChart(
        title=f"{project.code} {project.name}",
        tasks=[_gantt_task(task, planned.get(task.id)) for task in page.items],
        line_date=line_date,
        line_label=line_label,
        truncated=page.next_cursor is not None,
    )


async def _baseline_dates(
    projects: ProjectsClient, project_id: uuid.UUID, baselines: list[BaselineDTO], rows: int
) -> dict[uuid.UUID, TaskVarianceDTO]:
    """The current baseline (the highest number) for the tasks drawn, by task id."""
    if not baselines:
        return {}
    current = max(b.number for b in baselines)
    variance = await projects.baseline_variance(project_id, current, limit=rows)
    return {row.task_id: row for row in variance.items}


def _moment(day: date | None, moment: datetime | None) -> datetime | None:
    if moment is not None:
        return moment
    return datetime(day.year, day.month, day.day) if day is not None else None


def _gantt_task(task: TaskFieldsDTO, baseline: TaskVarianceDTO | None) -> GanttTask:
    # Started or finished work is drawn where it happened; the rest where it is planned.
    start = task.actual_start or _moment(task.start_date, task.early_start)
    finish = task.actual_finish or _moment(task.finish_date, task.early_finish)
    return GanttTask(
        id=task.id,
        name=task.name or "",
        wbs_code=task.wbs_code,
        start=start,
        finish=finish,
        baseline_start=baseline.baseline_start if baseline else None,
        baseline_finish=baseline.baseline_finish if baseline else None,
        critical=bool(task.critical),
        milestone=bool(task.is_milestone),
        summary=bool(task.is_summary),
        percent_complete=task.percent_complete or Decimal(0),
    )


async def s_curve(
    projects: ProjectsClient, project_id: uuid.UUID, status_date: date | None
) -> SCurve:
    project, evm = await asyncio.gather(
        projects.get_project(project_id),
        projects.project_evm(project_id, status_date, include=("curve",)),
    )
    return s_curve_of(f"{project.code} {project.name}: earned value", evm)


def s_curve_of(title: str, evm: ProjectEvmDTO) -> SCurve:
    """The S-curve of a project's EVM answer (asked for with ``include=curve``); without
    a baseline nothing is planned, so there is no curve to draw."""
    if evm.baseline_number is None:
        return SCurve(title=title, currency=evm.currency, points=[], status_date=evm.status_date)
    return SCurve(
        title=title,
        currency=evm.currency,
        points=[CurvePoint(p.date, p.pv, p.ac, p.ev) for p in evm.curve or ()],
        status_date=evm.status_date,
        bac=evm.bac,
        eac=evm.eac,
        forecast_finish=evm.ieac_t_finish,
    )


@dataclass(frozen=True, slots=True)
class RagTrend:
    title: str
    points: list[RagPoint]


async def rag_trend(
    session: AsyncSession,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    from_date: date,
    to_date: date,
) -> RagTrend:
    """The colour shown each day (an override's, else the computed one) from the project's
    daily snapshots; the projects service says first whether the caller may read it."""
    project = await projects.get_project(project_id)
    colours = await snapshots.colours_between(session, project_id, from_date, to_date)
    title = f"{project.code} {project.name}: RAG from {from_date} to {to_date}"
    return RagTrend(title, [RagPoint(day, rag) for day, rag in colours])
