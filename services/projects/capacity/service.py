"""Capacity against demand for a portfolio, and the over-allocations of a portfolio or of
one project.

Who may read: a portfolio's figures cover its projects the caller may read (everything for
admin, pmo and executive), as every portfolio roll-up does; a project's, anyone who may
read the project. The people's other work (projects outside the scope, whoever may read
them) still consumes their capacity: it is counted in hours, never named."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import Viewer
from services.projects.access.service import batch_subject, ensure_can_read, read_role
from services.projects.capacity import loader, wire
from services.projects.capacity.compute import (
    Grain,
    GroupBy,
    Window,
    compute_load,
    find_over_allocations,
)
from services.projects.capacity.inputs import CapacityInputs, ResourceKey, apply_scenario
from services.projects.capacity.repository import CapacityRepository
from services.projects.engine.calendar import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE
from services.projects.portfolios.service import get_portfolio
from services.projects.resources.scenario import ResourceScenario
from shared.auth import Principal
from shared.errors import FieldError, ValidationFailed
from shared.reads import Reader

repository = CapacityRepository()

# The longest window per grain, and the most cells (rows x buckets) one answer holds.
MAX_DAYS = {Grain.day: 3 * 366, Grain.week: 5 * 366, Grain.month: 10 * 366}
MAX_OVER_ALLOCATION_DAYS = 3 * 366
MAX_CELLS = 200_000
# A project's over-allocations without a window: from its start, this long at most.
DEFAULT_PROJECT_DAYS = 366


def check_window(first: date, last: date, max_days: int, grain: str | None = None) -> Window:
    """422 unless ``first <= last``, within the engine's dates, at most ``max_days`` long."""
    problems = []
    if last < first:
        problems.append(FieldError("to", "must not be before from"))
    for name, day in (("from", first), ("to", last)):
        if not DEFAULT_MIN_DATE <= day <= DEFAULT_MAX_DATE:
            problems.append(FieldError(name, f"between {DEFAULT_MIN_DATE} and {DEFAULT_MAX_DATE}"))
    if not problems and (last - first).days + 1 > max_days:
        by = f" by {grain}" if grain else ""
        problems.append(FieldError("to", f"at most {max_days} days after from{by}"))
    if problems:
        raise ValidationFailed("The window is not one capacity can answer.", errors=problems)
    return Window(first, last)


async def _reader_of(source: AsyncSession | Reader) -> Reader:
    """Reads run on the driver (see shared.reads); inside a write transaction on the
    session's own connection, so they see what the transaction wrote."""
    if isinstance(source, Reader):
        return source
    connection = await source.connection()
    raw = await connection.get_raw_connection()
    return Reader(connection=raw.driver_connection)


async def load_inputs(
    session: AsyncSession | Reader,
    *,
    portfolio_id: uuid.UUID | None = None,
    project_ids: list[uuid.UUID] | None = None,
    scenario: ResourceScenario | None = None,
    window: Window | None = None,
    viewer: Viewer | None = None,
    resource_ids: list[uuid.UUID] | None = None,
) -> CapacityInputs:
    """The inputs for the projects of a portfolio (those ``viewer`` may read; None:
    all) and/or ``project_ids``: the resources they assign, the pools of those resources'
    roles, every assignment of them (in any project) over the window (None: all time),
    their calendars and time off; then the ``scenario`` applied. ``resource_ids``: these
    resources too, assigned in the scope or not (their capacity is asked for)."""
    reader = await _reader_of(session)
    first, last = (window.first, window.last) if window else (DEFAULT_MIN_DATE, DEFAULT_MAX_DATE)
    scope = list(project_ids or ())
    if portfolio_id is not None:
        scope += await repository.portfolio_projects(reader, portfolio_id, viewer)
    if project_ids:
        scope = await repository.live_projects(reader, list(dict.fromkeys(scope)))
    pool = await repository.resources(reader)
    assigned = await repository.assigned_resources(reader, scope) if scope else set()
    concerned = _concerned(pool, assigned | set(resource_ids or ()), scenario)
    rows = await repository.assignments(reader, concerned, scope, first, last)
    calendar_ids = {r["calendar_id"] for r in pool if r["id"] in concerned}
    calendar_ids |= {r["calendar_id"] for r in rows}
    if scenario is not None:
        calendar_ids |= {p.calendar_id for p in scenario.added}
    calendars, exceptions = await repository.calendars(
        reader, {c for c in calendar_ids if c is not None}, first, last
    )
    specs, calendar_index = loader.calendar_specs(calendars, exceptions)
    kept = [r for r in pool if r["id"] in concerned]
    resource_index = {r["id"]: i for i, r in enumerate(kept)}
    time_off = await repository.time_off(reader, concerned, first, last)
    inputs = CapacityInputs(
        calendars=specs,
        resources=loader.resource_entries(kept, calendar_index),
        time_off=loader.time_off_spans(time_off, resource_index),
        assignments=loader.assignment_arrays(rows, resource_index, calendar_index, specs),
        scope_resources=frozenset(resource_index[r] for r in assigned),
        calendar_index=calendar_index,
    )
    return apply_scenario(inputs, scenario)


def _concerned(
    pool: list[Any], assigned: set[uuid.UUID], scenario: ResourceScenario | None
) -> set[uuid.UUID]:
    """The assigned resources and everyone in their roles' pools (and in the pools a
    scenario adds people to or changes time off in)."""
    roles = {r["role_name"] for r in pool if r["id"] in assigned and r["kind"] == "person"}
    roles |= {r["name"] for r in pool if r["id"] in assigned and r["kind"] == "role"}
    changed: set[uuid.UUID] = set()
    if scenario is not None:
        roles |= {p.role_name for p in scenario.added}
        changed = {c.resource_id for c in scenario.time_off} | set(scenario.removed)
    roles.discard(None)
    return {
        r["id"]
        for r in pool
        if r["id"] in assigned
        or r["id"] in changed
        or (r["kind"] == "person" and r["role_name"] in roles)
        or (r["kind"] == "role" and r["name"] in roles)
    }


async def portfolio_capacity(
    reader: Reader,
    principal: Principal,
    portfolio_id: uuid.UUID,
    window: Window,
    grain: Grain,
    by: GroupBy,
    resource_ids: list[uuid.UUID] | None,
    role: str | None,
) -> dict[str, Any]:
    await get_portfolio(reader, portfolio_id)
    inputs = await load_inputs(
        reader,
        portfolio_id=portfolio_id,
        window=window,
        viewer=batch_subject(principal),
        resource_ids=resource_ids,
    )
    table = compute_load(inputs, window, grain, by, _chosen(inputs, resource_ids, role, by))
    if role is not None and by is GroupBy.role:
        table = wire.only_role(table, role)
    cells = len(table.rows) * len(table.starts)
    if cells > MAX_CELLS:
        raise ValidationFailed(
            f"{len(table.rows)} rows of {len(table.starts)} buckets is more than one answer "
            f"holds ({MAX_CELLS} figures).",
            errors=[FieldError("to", "narrow the window, the resources or the grain")],
        )
    return {"portfolio_id": portfolio_id, "by": by, **wire.load_table(table)}


def _chosen(
    inputs: CapacityInputs,
    resource_ids: list[uuid.UUID] | None,
    role: str | None,
    by: GroupBy,
) -> list[ResourceKey] | None:
    if by is GroupBy.role:
        return None
    if resource_ids is None and role is None:
        return None
    wanted = set(resource_ids or ())
    if resource_ids:
        candidates = [r for r in inputs.resources if r.key in wanted]
    elif role is not None:  # the role's people, busy in the portfolio or not
        candidates = list(inputs.resources)
    else:
        candidates = [inputs.resources[i] for i in sorted(inputs.scope_resources)]
    if role is not None:
        candidates = [
            r for r in candidates if r.role_name == role or (r.kind == "role" and r.name == role)
        ]
    return [r.key for r in sorted(candidates, key=lambda r: r.name)]


async def portfolio_over_allocations(
    reader: Reader, principal: Principal, portfolio_id: uuid.UUID, window: Window
) -> dict[str, Any]:
    await get_portfolio(reader, portfolio_id)
    inputs = await load_inputs(
        reader, portfolio_id=portfolio_id, window=window, viewer=batch_subject(principal)
    )
    found = find_over_allocations(inputs, window)
    return {"portfolio_id": portfolio_id, **wire.over_allocations(window, found)}


async def project_over_allocations(
    reader: Reader,
    principal: Principal,
    project_id: uuid.UUID,
    first: date | None,
    last: date | None,
) -> dict[str, Any]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    if first is not None and first > DEFAULT_MAX_DATE:
        check_window(first, first, MAX_OVER_ALLOCATION_DAYS)  # refuses it
    if first is None or last is None:
        scheduled_start, scheduled_finish = await repository.project_span(reader, project_id)
        first = first or scheduled_start or date.today()
        longest = first + timedelta(days=DEFAULT_PROJECT_DAYS - 1)
        last = last or min(max(scheduled_finish or first, first), longest)
    window = check_window(first, last, MAX_OVER_ALLOCATION_DAYS)
    inputs = await load_inputs(reader, project_ids=[project_id], window=window)
    found = find_over_allocations(inputs, window)
    return {"project_id": project_id, **wire.over_allocations(window, found)}
