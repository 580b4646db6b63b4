"""What capacity is computed from, as plain data: the resources, their calendars and time
off, and every assignment's span. The loader (``service.load_inputs``) builds it from a few
queries; :func:`apply_scenario` turns it into the inputs of a what-if, so a preview runs
the same computation as the real answer.

Pure data, no I/O. Days are integers: days since 1970-01-01 (numpy's ``datetime64[D]``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

import numpy as np
import numpy.typing as npt

from services.projects.resources.scenario import ResourceScenario

EPOCH = date(1970, 1, 1)
DEFAULT_HOURS_PER_DAY = 8.0
# Hypothetical people and unstaffed demand have no database id.
ResourceKey = uuid.UUID | str

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def day_number(day: date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(number))


@dataclass(frozen=True)
class CalendarSpec:
    """A working calendar as capacity reads it: weekdays (0 = Monday), hours per working
    day, and exception days (day numbers) that do not work or work after all."""

    working_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    hours_per_day: float = DEFAULT_HOURS_PER_DAY
    non_working: tuple[int, ...] = ()
    extra_working: tuple[int, ...] = ()


DEFAULT_CALENDAR = CalendarSpec()


@dataclass(frozen=True)
class ResourceEntry:
    """A person or a role. ``calendar`` indexes :attr:`CapacityInputs.calendars`.
    ``available`` False: no capacity at all (inactive, or removed by a scenario)."""

    key: ResourceKey
    name: str
    kind: str  # "person" | "role"
    role_name: str | None
    max_units: float
    calendar: int
    available: bool = True
    hypothetical: bool = False


@dataclass(frozen=True)
class TimeOffSpan:
    """Days ``first``..``last`` (day numbers, both included) a resource is away (or, with
    ``away`` False, works after all: a scenario cancelling time off). Applied in order."""

    resource: int
    first: int
    last: int
    away: bool = True


@dataclass(frozen=True)
class Assignments:
    """One entry per assignment, as parallel arrays. ``resource`` indexes the resources;
    ``calendar`` is the task's (its project's) calendar. A task's span is its start day to
    its finish day; ``start_worked`` / ``finish_worked`` are the shares of those days' working
    time already worked at the start / finish instant (0 and 1 for whole days), so a task
    of 2.5 days asks for 2.5 days of work, as its work hours say. ``in_scope``: the task
    belongs to the projects asked about; the others only consume capacity."""

    resource: IntArray
    calendar: IntArray
    units: FloatArray
    start: IntArray
    finish: IntArray
    start_worked: FloatArray
    finish_worked: FloatArray
    in_scope: BoolArray
    task_ids: tuple[uuid.UUID, ...]
    task_names: tuple[str, ...]
    project_ids: tuple[uuid.UUID, ...]

    def __len__(self) -> int:
        return len(self.task_ids)

    def with_resources(self, resource: IntArray) -> Assignments:
        return replace(self, resource=resource)


def no_assignments() -> Assignments:
    empty_int = np.zeros(0, dtype=np.int64)
    empty_float = np.zeros(0, dtype=np.float64)
    return Assignments(
        resource=empty_int,
        calendar=empty_int,
        units=empty_float,
        start=empty_int,
        finish=empty_int,
        start_worked=empty_float,
        finish_worked=empty_float,
        in_scope=np.zeros(0, dtype=np.bool_),
        task_ids=(),
        task_names=(),
        project_ids=(),
    )


@dataclass(frozen=True)
class CapacityInputs:
    """Everything the computation needs. ``scope_resources``: the resources with an
    assignment in the projects asked about (the rows a portfolio's view shows)."""

    calendars: tuple[CalendarSpec, ...]
    resources: tuple[ResourceEntry, ...]
    time_off: tuple[TimeOffSpan, ...]
    assignments: Assignments
    scope_resources: frozenset[int] = field(default_factory=frozenset)
    # Calendars by database id, so a scenario's hypothetical person can name one.
    calendar_index: dict[uuid.UUID, int] = field(default_factory=dict)

    @cached_property
    def _indexes(self) -> dict[ResourceKey, int]:
        return {resource.key: i for i, resource in enumerate(self.resources)}

    def index_of(self, key: ResourceKey) -> int | None:
        return self._indexes.get(key)


def apply_scenario(inputs: CapacityInputs, scenario: ResourceScenario | None) -> CapacityInputs:
    """The inputs as the scenario would have them. Added people join their role's pool
    (the pool's members are matched by role name); removed resources keep no capacity and
    a removed person's assignments become demand on the person's role (a role of that name,
    else an "unstaffed" role of no capacity); time off changes apply after the stored
    periods, in order."""
    if scenario is None or scenario.is_empty:
        return inputs
    resources = list(inputs.resources)
    for person in scenario.added:
        calendar = inputs.calendar_index.get(person.calendar_id, 0) if person.calendar_id else 0
        entry = ResourceEntry(
            key=person.key,
            name=person.key,
            kind="person",
            role_name=person.role_name,
            max_units=float(person.max_units),
            calendar=calendar,
            hypothetical=True,
        )
        resources.append(entry)
    owner = inputs.assignments.resource.copy()
    for i, resource in enumerate(inputs.resources):
        if resource.key not in scenario.removed:
            continue
        resources[i] = replace(resource, available=False)
        if resource.kind == "person":
            owner[owner == i] = _role_for(resources, resource.role_name)
    time_off = list(inputs.time_off)
    for change in scenario.time_off:
        index = inputs.index_of(change.resource_id)
        if index is not None:
            span = TimeOffSpan(
                index, day_number(change.from_date), day_number(change.to_date), change.away
            )
            time_off.append(span)
    scope = inputs.scope_resources | {int(i) for i in owner[inputs.assignments.in_scope]}
    return replace(
        inputs,
        resources=tuple(resources),
        time_off=tuple(time_off),
        assignments=inputs.assignments.with_resources(owner),
        scope_resources=frozenset(scope),
    )


def _role_for(resources: list[ResourceEntry], role_name: str | None) -> int:
    """The index of the role named ``role_name`` (appended as an unstaffed role of no
    capacity when there is none)."""
    for i, resource in enumerate(resources):
        if resource.kind == "role" and resource.name == role_name and resource.available:
            return i
    key = f"unstaffed:{role_name or ''}"
    for i, resource in enumerate(resources):
        if resource.key == key:
            return i
    resources.append(
        ResourceEntry(
            key=key,
            name=f"Unstaffed {role_name}" if role_name else "Unstaffed",
            kind="role",
            role_name=None,
            max_units=0.0,
            calendar=0,
            available=False,
            hypothetical=True,
        )
    )
    return len(resources) - 1
