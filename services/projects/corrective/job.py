"""The ``corrective_options`` job: load the plan, evaluate the options in one bounded child
process (the engine in-process there, one run per option), price them, rank them by the
portfolio's policy and store them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.assignments.service import answers, cost_inputs
from services.projects.corrective import repository
from services.projects.corrective.evaluate import evaluate
from services.projects.corrective.facts import (
    AssignmentFact,
    LinkFact,
    Person,
    PlanFacts,
    TaskFact,
)
from services.projects.corrective.policy import settings_of
from services.projects.corrective.ranking import ranked
from services.projects.jobs.sandbox import SandboxFailure, run_bounded
from services.projects.jobs.worker import JobContext
from services.projects.models import CorrectiveOption
from services.projects.schedule.runner import schedule_input
from services.projects.schedule.service import engine_payload, load_plan
from shared.errors import FieldError, NotFound, ProblemError, ValidationFailed

ITERATIONS = 200  # per option: enough to rank added risk, fast on big plans
DEFAULT_SEED = 12  # without a risk analysis to follow, every run samples the same
TIME_LIMIT_SECONDS = 120.0


class OptionsFailed(ProblemError):
    status = 500
    title = "Corrective options failed"
    slug = "corrective-options-failed"


async def load_facts(session: AsyncSession, project_id: uuid.UUID) -> tuple[PlanFacts, str]:
    plan = await load_plan(session, project_id)
    version = await repository.fingerprint(session, project_id)
    if plan is None or version is None:
        raise NotFound(f"Project {project_id} not found.")
    _, portfolio_id = await repository.portfolio_of(session, project_id)
    settings = await settings_of(session, portfolio_id)
    staff = await repository.staff(session, project_id)
    roles = {row.role_name if row.kind == "person" else row.name for row in staff}
    people: dict[str, list[Person]] = defaultdict(list)
    for row in await repository.people(session, {r for r in roles if r}):
        people[row.role_name].append(Person(row.id, row.name, row.max_units))
    assignments: dict[str, list[AssignmentFact]] = defaultdict(list)
    for row in staff:
        role = row.role_name if row.kind == "person" else row.name
        fact = AssignmentFact(row.id, row.resource_id, row.units, role, row.max_units)
        assignments[row.task_id].append(fact)
    facts = PlanFacts(
        schedule=schedule_input(engine_payload(plan)),
        links=[LinkFact(*row) for row in await repository.link_facts(session, project_id)],
        tasks={row.id: _task_fact(row) for row in await repository.task_facts(session, project_id)},
        assignments=dict(assignments),
        people_by_role=dict(people),
        settings=settings.model_dump(mode="json"),
        seed=await repository.latest_seed(session, project_id) or DEFAULT_SEED,
        iterations=ITERATIONS,
    )
    return facts, version


def _task_fact(row: Any) -> TaskFact:
    estimate = None
    if row.distribution is not None:
        estimate = (row.o, row.m, row.p, row.distribution)
    return TaskFact(optional=row.optional, started=row.started, estimate=estimate)


async def run_options(context: JobContext) -> dict[str, Any]:
    project_id = uuid.UUID(context.params["project_id"])
    async with context.sessionmaker() as session, session.begin():
        facts, version = await load_facts(session, project_id)
    await context.progress(0.1, "plan loaded")

    async def progress(value: float, message: str) -> None:
        await context.progress(0.1 + 0.8 * value, message)

    try:
        found = await run_bounded(evaluate, (facts,), context.limits(TIME_LIMIT_SECONDS), progress)
    except SandboxFailure as failure:
        raise OptionsFailed(failure.message, extra={"code": failure.code}) from failure
    if "failure" in found:
        refused = found["failure"]
        raise ValidationFailed(
            f"The plan cannot be scheduled: {refused['message']}",
            errors=[FieldError(refused["field"] or "plan", refused["message"])],
            extra={"code": refused["code"]},
        )
    async with context.sessionmaker() as session, session.begin():
        stored = await _store(session, context, facts, version, found["options"])
    return {
        "project_id": str(project_id),
        "plan_version": version,
        "base": found["base"],
        "option_ids": stored,
    }


async def _store(
    session: AsyncSession,
    context: JobContext,
    facts: PlanFacts,
    version: str,
    options: list[dict[str, Any]],
) -> list[str]:
    assert context.project_id is not None
    currency = await repository.project_currency(session, context.project_id)
    rows = [dict(r) for r in await cost_inputs(session, [context.project_id])]
    for option, delta in zip(options, await _cost_deltas(session, rows, options), strict=True):
        option["cost_delta"] = str(delta)
        option["evaluation"]["cost_delta"] = option["cost_delta"]
        option["evaluation"]["currency"] = currency
    settings = facts.settings
    kept = ranked(options, settings["ranking"], settings["max_options_per_kind"])
    stored = []
    for rank, option in enumerate(kept, start=1):
        row = CorrectiveOption(
            project_id=context.project_id,
            job_id=context.job_id,
            kind=option["kind"],
            rank=rank,
            title=option["title"],
            finish_gain_days=Decimal(str(option["evaluation"]["gain_days"])),
            cost_delta=Decimal(option["cost_delta"]),
            evaluation=option["evaluation"],
            plan_changes=option["plan_changes"],
            plan_version=version,
        )
        repository.add(session, row)
        await session.flush()
        stored.append(str(row.id))
    return stored


async def _cost_deltas(
    session: AsyncSession, rows: list[dict[str, Any]], options: list[dict[str, Any]]
) -> list[Decimal]:
    """Each option's resource cost of its touched tasks after minus before, all priced in
    one call to the assignments service (rates in force on the days worked). Only crashing
    and cutting scope move money; a cost in another currency than the project's counts 0."""
    batch: list[dict[str, Any]] = []
    spans: list[tuple[int, int, int]] = []  # each option's before rows, then its after rows
    for option in options:
        before, after = _sides(rows, option)
        start = len(batch)
        batch += before
        middle = len(batch)
        batch += after
        spans.append((start, middle, len(batch)))
    costs = [r["cost"] or Decimal(0) for r in await answers(session, batch)]
    zero = Decimal("0.00")
    return [sum(costs[m:e], zero) - sum(costs[s:m], zero) for s, m, e in spans]


def _sides(
    rows: list[dict[str, Any]], option: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The touched tasks' assignment rows before and after the option."""
    if option["kind"] not in ("crash", "cut_scope"):
        return [], []
    touched = {uuid.UUID(t) for t in option["evaluation"]["tasks"]}
    before = [r for r in rows if r["task_id"] in touched]
    return before, [] if option["kind"] == "cut_scope" else _crashed(before, option)


def _crashed(before: list[dict[str, Any]], option: dict[str, Any]) -> list[dict[str, Any]]:
    """The crashed task's assignment rows: the new duration and dates, the new staffing."""
    if not before:
        return []
    template = dict(before[0])
    units = {str(r["resource_id"]): r["units"] for r in before}
    for change in option["plan_changes"]:
        if change["op"] == "set_task_duration":
            start, finish = option["task_dates"][change["task_id"]]
            template["duration_days"] = Decimal(change["to"])
            template["start"] = datetime.fromisoformat(start)
            template["finish"] = datetime.fromisoformat(finish)
        elif change["op"] == "set_assignment_units":
            units[change["resource_id"]] = Decimal(change["to"])
        elif change["op"] == "add_assignment":
            units[change["resource_id"]] = Decimal(change["units"])
    return [
        {**template, "resource_id": uuid.UUID(resource_id), "units": amount}
        for resource_id, amount in units.items()
    ]
