"""The pure computation and the what-if on hand-built inputs (no database)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import numpy as np

from services.projects.capacity.compute import (
    Grain,
    GroupBy,
    Window,
    compute_load,
    find_over_allocations,
    merged_periods,
)
from services.projects.capacity.inputs import (
    DEFAULT_CALENDAR,
    Assignments,
    CapacityInputs,
    ResourceEntry,
    TimeOffSpan,
    apply_scenario,
    day_number,
)
from services.projects.capacity.loader import worked_share
from services.projects.resources.scenario import (
    HypotheticalPerson,
    ResourceScenario,
    TimeOffChange,
)

MONDAY = date(2025, 1, 6)
FRIDAY = date(2025, 1, 10)
WEEK = Window(MONDAY, date(2025, 1, 12))
ROLE, ANN, BEN = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def _inputs(
    units: list[float], owners: list[int], time_off: tuple[TimeOffSpan, ...] = ()
) -> CapacityInputs:
    """A role "Dev" with two people, Ann and Ben; one Monday-to-Friday task per unit."""
    resources = (
        ResourceEntry(ROLE, "Dev", "role", None, 1.0, 0),
        ResourceEntry(ANN, "Ann", "person", "Dev", 1.0, 0),
        ResourceEntry(BEN, "Ben", "person", "Dev", 1.0, 0),
    )
    count = len(units)
    tasks = tuple(uuid.uuid4() for _ in range(count))
    work = Assignments(
        resource=np.array(owners, dtype=np.int64),
        calendar=np.zeros(count, dtype=np.int64),
        units=np.array(units, dtype=np.float64),
        start=np.full(count, day_number(MONDAY), dtype=np.int64),
        finish=np.full(count, day_number(FRIDAY), dtype=np.int64),
        start_worked=np.zeros(count),
        finish_worked=np.ones(count),
        in_scope=np.ones(count, dtype=np.bool_),
        task_ids=tasks,
        task_names=tuple(f"T{i}" for i in range(count)),
        project_ids=tuple(uuid.uuid4() for _ in range(count)),
    )
    return CapacityInputs(
        calendars=(DEFAULT_CALENDAR,),
        resources=resources,
        time_off=time_off,
        assignments=work,
        scope_resources=frozenset(set(owners)),
    )


def _week(inputs: CapacityInputs, by: GroupBy = GroupBy.resource) -> dict[str, tuple[float, float]]:
    table = compute_load(
        inputs, WEEK, Grain.week, by, [ROLE, ANN, BEN] if by is GroupBy.resource else None
    )
    return {row.name: (float(row.demand[0]), float(row.capacity[0])) for row in table.rows}


def test_a_pool_counts_its_people_and_the_role() -> None:
    inputs = _inputs([1.0, 0.5], [0, 1])
    assert _week(inputs) == {"Dev": (60.0, 80.0), "Ann": (20.0, 40.0), "Ben": (0.0, 40.0)}


def test_an_added_person_joins_the_pool() -> None:
    inputs = _inputs([2.5], [0])
    assert [o.name for o in find_over_allocations(inputs, WEEK)] == ["Dev"] * 1
    scenario = ResourceScenario(added=(HypotheticalPerson("new-1", "Dev", Decimal("0.5")),))
    changed = apply_scenario(inputs, scenario)
    assert _week(changed, GroupBy.role) == {"Dev": (100.0, 100.0)}
    assert find_over_allocations(changed, WEEK) == []
    # Nothing of the original changes.
    assert _week(inputs, GroupBy.role) == {"Dev": (100.0, 80.0)}


def test_a_removed_person_leaves_the_work_to_the_role() -> None:
    inputs = _inputs([1.0], [1])
    changed = apply_scenario(inputs, ResourceScenario(removed=frozenset({ANN})))
    assert _week(changed) == {"Dev": (40.0, 40.0), "Ann": (0.0, 0.0), "Ben": (0.0, 40.0)}
    # Without the role either, nobody is left to do it.
    gone = apply_scenario(inputs, ResourceScenario(removed=frozenset({ANN, ROLE})))
    (over,) = find_over_allocations(gone, WEEK)
    (task,) = over.tasks
    assert (over.name, over.kind, over.peak_excess_hours) == ("Unstaffed Dev", "role", 8.0)
    assert task.resource_key == "unstaffed:Dev"


def test_time_off_changes_apply_in_order() -> None:
    stored = (TimeOffSpan(1, day_number(MONDAY), day_number(FRIDAY)),)
    inputs = _inputs([0.5], [1], stored)
    assert _week(inputs)["Ann"] == (20.0, 0.0)
    back = TimeOffChange(ANN, date(2025, 1, 9), date(2025, 1, 10), away=False)
    away = TimeOffChange(BEN, MONDAY, MONDAY)
    changed = apply_scenario(inputs, ResourceScenario(time_off=(back, away)))
    assert _week(changed) == {"Dev": (20.0, 48.0), "Ann": (20.0, 16.0), "Ben": (0.0, 32.0)}
    (over,) = [o for o in find_over_allocations(changed, WEEK) if o.name == "Ann"]
    assert (over.first, over.last, over.days) == (MONDAY, date(2025, 1, 8), 3)


def test_periods_join_across_idle_days_only() -> None:
    over = np.array([1, 0, 0, 1, 0, 1], dtype=np.bool_)
    load = np.array([9, 0, 0, 9, 5, 9], dtype=np.float64)
    cap = np.array([8, 0, 0, 8, 8, 8], dtype=np.float64)
    starts, ends = merged_periods(over, load, cap)
    assert (starts.tolist(), ends.tolist()) == ([0, 5], [3, 5])


def test_the_share_of_a_day_worked_at_a_time() -> None:
    minutes = np.array([8 * 60, 12 * 60, 13 * 60, 15 * 60, 17 * 60, 18 * 60])
    shares = worked_share(minutes, np.full(len(minutes), 8.0))
    assert shares.tolist() == [0.0, 0.5, 0.5, 0.75, 1.0, 1.0]
