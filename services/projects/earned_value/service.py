"""Earned value of a project, a program, a portfolio, and the metrics batch health reads.

Whoever may read a project may read its earned value; a program's or a portfolio's covers
the projects the caller may read. Budgets come from the project's current baseline (the
highest-numbered): without one a project has BAC 0, PV 0 and EV 0 (nothing was planned to
earn against), its actual cost still counts, and the ratios on them are null, as is every
earned schedule figure.

The status date defaults to the project's own, else today (UTC); a roll-up measures every
project at one date, the one asked for or today. A status date before the project's start
is refused when it is asked for; a project that has not started yet simply has no planned
value at its default date.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any

import asyncpg

from services.projects.access.service import batch_subject
from services.projects.baselines.variance import working_days
from services.projects.earned_value.plans import project_plans
from services.projects.earned_value.repository import EarnedValueRepository
from services.projects.earned_value.wire import figures
from services.projects.engine import WorkCalendar
from services.projects.evm.curve import curve_dates, s_curve
from services.projects.evm.figures import ZERO
from services.projects.evm.project import (
    Evm,
    Measures,
    PlannedValue,
    project_evm,
)
from services.projects.evm.rollup import rollup_evm
from services.projects.evm.rounding import money
from services.projects.evm.tasks import TaskEntry, task_evms
from shared.auth import Principal
from shared.errors import FieldError, NotFound, ValidationFailed
from shared.reads import Reader

repository = EarnedValueRepository()

# Most projects one metrics batch reads.
MAX_METRICS_BATCH = 100
INCLUDES = frozenset({"tasks", "curve"})


def today() -> date:
    return datetime.now(UTC).date()


async def project_evm_of(
    reader: Reader,
    principal: Principal,
    project_id: uuid.UUID,
    status_date: date | None,
    include: Collection[str] = (),
) -> dict[str, Any]:
    rows = await repository.projects(
        reader,
        batch_subject(principal),
        scope="ids",
        key=[project_id],
        status_date=status_date,
        today=today(),
    )
    if not rows:
        raise NotFound(f"Project {project_id} not found.")
    [row] = rows
    _check_started(row, status_date)
    plans = await project_plans(reader, rows)
    calendar, plan = plans.calendars[project_id], plans.curves[project_id]
    evm = project_evm(plan, row["as_of"], row["bac"], row["ev"], row["ac"])
    answer = {
        "project_id": project_id,
        "baseline_number": row["baseline_number"],
        **figures(evm, row["currency"]),
        "tasks": await _tasks(reader, row, calendar) if "tasks" in include else None,
        "curve": await _curve(reader, row, plan) if "curve" in include else None,
    }
    return answer


def _check_started(row: asyncpg.Record, status_date: date | None) -> None:
    start = row["start"]
    if status_date is not None and start is not None and status_date < start:
        raise ValidationFailed(
            f"The status date {status_date} is before the project's start ({start}).",
            errors=[FieldError("status_date", f"on or after {start}")],
        )


async def _tasks(
    reader: Reader, row: asyncpg.Record, calendar: WorkCalendar
) -> list[dict[str, Any]]:
    project_id, as_of = row["project_id"], row["as_of"]
    tasks = await repository.tasks(reader, project_id, row["baseline_id"])
    costs = await repository.costs_by_task(reader, project_id, as_of)
    entries = [
        TaskEntry(
            id=task["id"],
            parent_id=task["parent_id"],
            is_summary=task["is_summary"],
            percent_complete=task["percent_complete"],
            in_baseline=task["in_baseline"],
            baseline_start=task["baseline_start"],
            baseline_finish=task["baseline_finish"],
            baseline_duration_days=task["baseline_duration_days"],
            baseline_cost=task["baseline_cost"],
            ac=costs.get(task["id"], ZERO),
        )
        for task in tasks
    ]
    currency = row["currency"]
    return [
        {
            "task_id": task["id"],
            "name": task["name"],
            "wbs_code": task["wbs_code"],
            **figures(evm, currency),
        }
        for task, evm in zip(tasks, task_evms(entries, calendar, as_of), strict=True)
    ]


async def _curve(
    reader: Reader, row: asyncpg.Record, plan: PlannedValue | None
) -> list[dict[str, Any]]:
    as_of = row["as_of"]
    first, last = row["start"] or as_of, as_of
    if plan is not None and plan.timeline is not None:
        timeline = plan.timeline
        first = min(first, plan.calendar.start_datetime(timeline.origin).date())
        last = max(last, plan.calendar.finish_datetime(timeline.end).date())
    costs = await repository.costs_by_day(reader, row["project_id"], as_of)
    if costs:
        first = min(first, costs[0][0])
    points = s_curve(plan, curve_dates(first, last, as_of), costs, as_of, row["ev"])
    return [
        {
            "date": point.date,
            "pv": money(point.pv),
            "ac": money(point.ac),
            "ev": None if point.ev is None else money(point.ev),
        }
        for point in points
    ]


async def program_evm_of(
    reader: Reader, principal: Principal, program_id: uuid.UUID, status_date: date | None
) -> dict[str, Any]:
    program = await repository.program(reader, program_id)
    if program is None:
        raise NotFound(f"Program {program_id} not found.")
    count, evm = await _rollup(reader, principal, "program", program_id, status_date)
    return {"program_id": program_id, "project_count": count, **figures(evm, program["currency"])}


async def portfolio_evm_of(
    reader: Reader, principal: Principal, portfolio_id: uuid.UUID, status_date: date | None
) -> dict[str, Any]:
    portfolio = await repository.portfolio(reader, portfolio_id)
    if portfolio is None:
        raise NotFound(f"Portfolio {portfolio_id} not found.")
    count, evm = await _rollup(reader, principal, "portfolio", portfolio_id, status_date)
    currency = portfolio["currency"]
    return {"portfolio_id": portfolio_id, "project_count": count, **figures(evm, currency)}


async def _rollup(
    reader: Reader, principal: Principal, scope: str, key: uuid.UUID, status_date: date | None
) -> tuple[int, Evm]:
    """How many projects the roll-up covers, and their figures at one status date."""
    as_of = status_date or today()
    rows = await repository.projects(
        reader, batch_subject(principal), scope=scope, key=key, status_date=as_of, today=as_of
    )
    plans = await project_plans(reader, rows)
    parts = [
        (
            plan := plans.curves[row["project_id"]],
            Measures(row["bac"], plan.at(as_of) if plan else ZERO, row["ev"], row["ac"]),
        )
        for row in rows
    ]
    return len(rows), rollup_evm(parts, as_of, _shared_calendar(rows, plans.calendars))


def _shared_calendar(
    rows: Sequence[asyncpg.Record], calendars: dict[uuid.UUID, WorkCalendar]
) -> WorkCalendar:
    """The projects' calendar when they all keep the same one, else the standard week."""
    ids = {row["calendar_id"] for row in rows}
    if len(ids) == 1 and rows:
        return calendars[rows[0]["project_id"]]
    return WorkCalendar()


async def metrics_of_projects(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID], status_date: date | None
) -> list[dict[str, Any]]:
    """What health and snapshots read about each project, in the order asked; unknown
    projects and those the caller may not read are left out."""
    unique = list(dict.fromkeys(project_ids))
    rows = await repository.projects(
        reader,
        batch_subject(principal),
        scope="ids",
        key=unique,
        status_date=status_date,
        today=today(),
        metrics=True,
    )
    order = {project_id: i for i, project_id in enumerate(unique)}
    rows = sorted(rows, key=lambda row: order[row["project_id"]])
    plans = await project_plans(reader, rows)
    return [
        _metrics(row, plans.calendars[row["project_id"]], plans.curves[row["project_id"]])
        for row in rows
    ]


_METRIC_FIELDS = (
    "project_id",
    "portfolio_id",
    "program_id",
    "code",
    "name",
    "status",
    "phase",
    "currency",
    "percent_complete",
    "scheduled_finish",
    "baseline_finish",
    "critical_float_days",
    "overdue_milestones",
    "open_risks",
    "last_status_update_on",
)


def _metrics(
    row: asyncpg.Record, calendar: WorkCalendar, plan: PlannedValue | None
) -> dict[str, Any]:
    evm = project_evm(plan, row["as_of"], row["bac"], row["ev"], row["ac"])
    return {
        **{name: row[name] for name in _METRIC_FIELDS},
        "status_date": row["as_of"],
        "evm": figures(evm, row["currency"]),
        "finish_variance_days": working_days(
            calendar, row["scheduled_finish"], row["baseline_finish"]
        ),
        "open_risk_scores": list(row["open_risk_scores"]),
    }
