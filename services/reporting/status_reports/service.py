"""Gathers a project's status report: from the projects service the project, its open
risks, its latest status update, its milestones (a sparse walk of the plan, a page at a
time, keeping only milestones) and its earned value with the S-curve; its health computed
by the health domain (policy, reasons, override). All read concurrently."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.charts.service import s_curve_of
from services.reporting.clock import Clock
from services.reporting.health.service import project_health
from services.reporting.health.sources import HealthSources
from services.reporting.status_reports.figures import evm_figures
from services.reporting.status_reports.health_lines import (
    dimension_line,
    health_note,
    overall_line,
)
from services.reporting.status_reports.model import (
    Milestone,
    Narrative,
    RiskLine,
    StatusReport,
)
from shared.clients.projects import ProjectsClient
from shared.clients.projects.evm import ProjectEvmDTO
from shared.clients.projects.records import RiskDTO, RiskStatus, StatusUpdateDTO
from shared.pagination import MAX_LIMIT

TOP_RISKS = 5
MILESTONES_SHOWN = 5
NARRATIVE_CHARACTERS = 1200
EAC_METHODS = {
    "bac_over_cpi": "= BAC / CPI",
    "ac_plus_remaining": "= AC + (BAC - EV)",
    "composite": "= AC + (BAC - EV) / (CPI x SPI)",
}
MILESTONE_FIELDS = (
    "name",
    "is_milestone",
    "finish_date",
    "early_finish",
    "actual_finish",
    "percent_complete",
)


async def status_report(
    session: AsyncSession, sources: HealthSources, clock: Clock, project_id: uuid.UUID
) -> StatusReport:
    projects = sources.projects
    project, risks, update, milestones, evm, health = await asyncio.gather(
        projects.get_project(project_id),
        _open_risks(projects, project_id),
        _latest_update(projects, project_id),
        _milestones(projects, project_id),
        projects.project_evm(project_id, include=("curve",)),
        project_health(session, sources, project_id, clock=clock),
    )
    as_of = evm.status_date
    overdue = [m for m in milestones if m.due is not None and m.due.date() < as_of]
    upcoming = [m for m in milestones if m not in overdue]
    return StatusReport(
        name=project.name,
        code=project.code,
        status=project.status.value,
        phase=project.phase,
        manager=project.manager,
        as_of=as_of,
        overall=overall_line(health),
        dimensions=[dimension_line(d) for d in health.dimensions],
        health_source=health_note(health, update),
        overdue_milestones=overdue[:MILESTONES_SHOWN],
        next_milestones=upcoming[:MILESTONES_SHOWN],
        risks=[_risk_line(r) for r in risks[:TOP_RISKS]],
        narrative=_narrative(update),
        evm=evm_figures(evm) if evm.baseline_number is not None else (),
        evm_note=_evm_note(evm),
        curve=s_curve_of("Earned value (S-curve)", evm)
        if evm.baseline_number is not None
        else None,
    )


async def _open_risks(projects: ProjectsClient, project_id: uuid.UUID) -> list[RiskDTO]:
    """Every open risk, highest score first (the oldest first among equals)."""
    found: list[RiskDTO] = []
    cursor: str | None = None
    while True:
        page = await projects.list_risks(project_id, limit=MAX_LIMIT, cursor=cursor)
        found += [r for r in page.items if r.status == RiskStatus.open.value]
        if (cursor := page.next_cursor) is None:
            return sorted(found, key=lambda r: -r.score)


async def _latest_update(projects: ProjectsClient, project_id: uuid.UUID) -> StatusUpdateDTO | None:
    page = await projects.list_status_updates(project_id, limit=1)  # newest first
    return page.items[0] if page.items else None


async def _milestones(projects: ProjectsClient, project_id: uuid.UUID) -> list[Milestone]:
    """The unfinished milestones by due date, each with its baseline date if it has one."""
    unfinished, baseline = await asyncio.gather(
        _unfinished_milestones(projects, project_id), _baseline_finishes(projects, project_id)
    )
    found = [
        Milestone(name, forecast, baseline.get(task_id), percent)
        for task_id, name, forecast, percent in unfinished
    ]
    return sorted(found, key=lambda m: (m.due is None, m.due or datetime.min))


async def _unfinished_milestones(
    projects: ProjectsClient, project_id: uuid.UUID
) -> list[tuple[uuid.UUID, str, datetime | None, Decimal]]:
    """The plan read sparse, a page at a time, keeping only the unfinished milestones."""
    found = []
    cursor: str | None = None
    while True:
        page = await projects.list_tasks(
            project_id, limit=MAX_LIMIT, cursor=cursor, fields=MILESTONE_FIELDS
        )
        for task in page.items:
            done = task.actual_finish is not None or task.percent_complete == 100
            if task.is_milestone and not done:
                forecast = task.early_finish or _midnight(task.finish_date)
                percent = task.percent_complete or Decimal(0)
                found.append((task.id, task.name or "", forecast, percent))
        if (cursor := page.next_cursor) is None:
            return found


async def _baseline_finishes(
    projects: ProjectsClient, project_id: uuid.UUID
) -> dict[uuid.UUID, datetime]:
    """Each task's finish in the current (highest-numbered) baseline."""
    baselines = await projects.list_baselines(project_id)
    if not baselines:
        return {}
    number = max(b.number for b in baselines)
    finishes: dict[uuid.UUID, datetime] = {}
    cursor: str | None = None
    while True:
        page = await projects.baseline_variance(project_id, number, limit=MAX_LIMIT, cursor=cursor)
        finishes.update((r.task_id, r.baseline_finish) for r in page.items if r.baseline_finish)
        if (cursor := page.next_cursor) is None:
            return finishes


def _evm_note(evm: ProjectEvmDTO) -> str | None:
    if evm.baseline_number is None:
        return "No baseline yet: earned value is measured against one."
    method = EAC_METHODS.get(evm.eac_method, evm.eac_method)
    return f"Against baseline {evm.baseline_number}; EAC {method}."


def _midnight(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day) if day else None


def _risk_line(risk: RiskDTO) -> RiskLine:
    return RiskLine(
        title=risk.title,
        probability=risk.probability,
        impact=risk.impact,
        score=risk.score,
        owner=risk.owner,
        response=risk.response_strategy,
    )


def _narrative(update: StatusUpdateDTO | None) -> Narrative | None:
    if update is None:
        return None
    text = update.narrative.strip()
    if len(text) > NARRATIVE_CHARACTERS:
        text = text[: NARRATIVE_CHARACTERS - 1] + "…"
    return Narrative(update.as_of, update.author, update.overall_rag.value, text)
