"""Capacity against demand, per resource or per role pool, day by day then grouped into
days, ISO weeks (from Monday) or months; and the over-allocations: the days a person or a
pool is asked for more hours than it has (more than 0 on a day it does not work or is
away), merged into periods, with the tasks asking for them.

Pure and vectorised (numpy, see ``daily.py``); the loader builds the inputs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

import numpy as np

from services.projects.capacity.daily import (
    OVER_TOLERANCE,
    DayAxis,
    Pools,
    capacity,
    demand,
    pools,
    working_days,
)
from services.projects.capacity.inputs import (
    BoolArray,
    CapacityInputs,
    FloatArray,
    IntArray,
    ResourceKey,
    day_number,
    day_of,
)


class Grain(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class GroupBy(StrEnum):
    resource = "resource"
    role = "role"


@dataclass(frozen=True)
class Window:
    """Days ``first``..``last``, both included."""

    first: date
    last: date

    def axis(self) -> DayAxis:
        return DayAxis(day_number(self.first), day_number(self.last))


@dataclass(frozen=True)
class LoadRow:
    """One resource (a person's own figures, or a role's pool) or one role pool, per
    bucket: demand hours (``other_demand``: the part from projects outside the scope),
    capacity hours and the number of over-allocated days."""

    key: ResourceKey | None  # a pool without a role resource of its name: None
    name: str
    kind: str
    role_name: str | None
    members: int | None  # pools only
    demand: FloatArray
    other_demand: FloatArray
    capacity: FloatArray
    over_days: IntArray


@dataclass(frozen=True)
class LoadTable:
    window: Window
    grain: Grain
    starts: tuple[date, ...]
    ends: tuple[date, ...]
    rows: tuple[LoadRow, ...]


class Contribution(NamedTuple):
    """A task asking for the over-allocated resource in the period."""

    task_id: uuid.UUID
    task_name: str
    project_id: uuid.UUID
    resource_key: ResourceKey
    units: float


@dataclass(frozen=True)
class OverAllocation:
    key: ResourceKey | None
    name: str
    kind: str
    role_name: str | None
    first: date
    last: date
    days: int  # over-allocated days in the period
    peak_excess_hours: float
    excess_hours: float
    tasks: tuple[Contribution, ...]


@dataclass(frozen=True)
class _Daily:
    """Every entity's daily arrays: the resources first, then the pools."""

    axis: DayAxis
    working: BoolArray
    demand: FloatArray
    scope_demand: FloatArray
    capacity: FloatArray
    pools: Pools

    def over(self) -> BoolArray:
        return self.demand > self.capacity + OVER_TOLERANCE


def _daily(inputs: CapacityInputs, window: Window) -> _Daily:
    axis = window.axis()
    working = working_days(inputs, axis)
    own = demand(inputs, axis, working)
    own_scope = demand(inputs, axis, working, inputs.assignments.in_scope)
    cap = capacity(inputs, axis, working)
    found = pools(inputs)
    return _Daily(
        axis,
        working,
        np.vstack([own, found.demand_of @ own]),
        np.vstack([own_scope, found.demand_of @ own_scope]),
        np.vstack([cap, found.capacity_of @ cap]),
        found,
    )


def bucket_starts(axis: DayAxis, grain: Grain) -> IntArray:
    """Indexes on the axis where a bucket starts (the first one at the window's start)."""
    if grain is Grain.day:
        return np.arange(axis.size, dtype=np.int64)
    days = axis.numbers().astype("datetime64[D]")
    if grain is Grain.week:
        new = axis.weekdays() == 0
    else:
        new = days.astype("datetime64[M]").astype("datetime64[D]") == days
    new[0] = True
    return np.flatnonzero(new).astype(np.int64)


def compute_load(
    inputs: CapacityInputs,
    window: Window,
    grain: Grain,
    by: GroupBy = GroupBy.resource,
    keys: list[ResourceKey] | None = None,
) -> LoadTable:
    """Per bucket of ``grain``: the rows of ``keys`` (by resource; a role's row is its
    pool) or of every pool (by role), ``keys`` None: the resources of the scope."""
    daily = _daily(inputs, window)
    entities = _entities(inputs, daily.pools, by, keys)
    starts = bucket_starts(daily.axis, grain)
    over = daily.over()
    rows = [
        LoadRow(
            key=key,
            name=name,
            kind=kind,
            role_name=role_name,
            members=members,
            demand=np.add.reduceat(daily.demand[e], starts),
            other_demand=np.add.reduceat(daily.demand[e] - daily.scope_demand[e], starts),
            capacity=np.add.reduceat(daily.capacity[e], starts),
            over_days=np.add.reduceat(over[e].astype(np.int64), starts),
        )
        for e, key, name, kind, role_name, members in entities
    ]
    ends = np.append(starts[1:] - 1, daily.axis.size - 1)
    first = daily.axis.first
    return LoadTable(
        window,
        grain,
        tuple(day_of(first + s) for s in starts),
        tuple(day_of(first + e) for e in ends),
        tuple(rows),
    )


_Entity = tuple[int, ResourceKey | None, str, str, str | None, int | None]


def _entities(
    inputs: CapacityInputs, found: Pools, by: GroupBy, keys: list[ResourceKey] | None
) -> list[_Entity]:
    resources = inputs.resources
    pool_of = {name: i for i, name in enumerate(found.names)}
    base = len(resources)

    def pool(p: int) -> _Entity:
        role = found.role_index[p]
        key = resources[role].key if role is not None else None
        return (base + p, key, found.names[p], "role", found.names[p], found.members[p])

    if by is GroupBy.role:
        return [pool(p) for p in range(len(found.names))]
    chosen = (
        sorted(inputs.scope_resources, key=lambda i: resources[i].name)
        if keys is None
        else [i for key in keys if (i := inputs.index_of(key)) is not None]
    )
    entities: list[_Entity] = []
    for i in chosen:
        resource = resources[i]
        if resource.kind == "role":
            entities.append(pool(pool_of[resource.name]))
        else:
            entities.append((i, resource.key, resource.name, "person", resource.role_name, None))
    return entities


def find_over_allocations(inputs: CapacityInputs, window: Window) -> list[OverAllocation]:
    """Each person of the scope and each pool over-allocated on a day of the window, by
    period; a period lists the tasks of the scope asking for the resource on its
    over-allocated days (a period none of them causes is left out)."""
    daily = _daily(inputs, window)
    over = daily.over()
    entities = _entities(inputs, daily.pools, GroupBy.resource, None)
    people = [e for e in entities if e[3] == "person"]
    wanted_pools = {e[0] for e in entities if e[3] == "role"} | _pools_of_scope(inputs, daily)
    pool_entities = [
        e for e in _entities(inputs, daily.pools, GroupBy.role, None) if e[0] in wanted_pools
    ]
    found: list[OverAllocation] = []
    for entity in people + pool_entities:
        if over[entity[0]].any():
            found.extend(_periods_of(inputs, daily, over, entity))
    return found


def _pools_of_scope(inputs: CapacityInputs, daily: _Daily) -> set[int]:
    """The pools any resource of the scope asks from."""
    base = len(inputs.resources)
    scope = sorted(inputs.scope_resources)
    if not scope:
        return set()
    asked = daily.pools.demand_of[:, scope].any(axis=1)
    return {base + int(p) for p in np.flatnonzero(asked)}


def _periods_of(
    inputs: CapacityInputs, daily: _Daily, over: BoolArray, entity: _Entity
) -> list[OverAllocation]:
    e, key, name, kind, role_name, _ = entity
    starts, ends = merged_periods(over[e], daily.demand[e], daily.capacity[e])
    excess = daily.demand[e] - daily.capacity[e]
    contributions = _contributions(inputs, daily, over[e], entity, starts, ends)
    bounds = np.stack([starts, ends + 1], axis=1).ravel()
    if bounds[-1] == len(excess):
        bounds = bounds[:-1]  # reduceat takes starts only; the last slice runs to the end
    peaks = np.maximum.reduceat(excess, bounds)[::2].tolist()
    excesses = np.add.reduceat(np.clip(excess, 0.0, None), bounds)[::2].tolist()
    days = np.add.reduceat(over[e].astype(np.int64), bounds)[::2].tolist()
    first = daily.axis.first
    return [
        OverAllocation(
            key=key,
            name=name,
            kind=kind,
            role_name=role_name,
            first=day_of(first + a),
            last=day_of(first + b),
            days=days[n],
            peak_excess_hours=peaks[n],
            excess_hours=excesses[n],
            tasks=tuple(contributions[n]),
        )
        for n, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True))
        if contributions[n]
    ]


def merged_periods(over: BoolArray, load: FloatArray, cap: FloatArray) -> tuple[IntArray, IntArray]:
    """Runs of over-allocated days; days nobody works (no demand, no capacity: a weekend)
    do not break a run, and a run starts and ends on an over-allocated day."""
    idle = (load <= OVER_TOLERANCE) & (cap <= OVER_TOLERANCE)
    joined = np.concatenate([[0], (over | idle).astype(np.int8), [0]])
    edges = np.diff(joined)
    run_starts = np.flatnonzero(edges == 1)
    run_ends = np.flatnonzero(edges == -1) - 1
    days = np.flatnonzero(over)
    first = days[np.minimum(np.searchsorted(days, run_starts), len(days) - 1)]
    last = days[np.maximum(np.searchsorted(days, run_ends, side="right") - 1, 0)]
    keep = (first >= run_starts) & (first <= run_ends) & (last >= first)
    return first[keep], last[keep]


def _contributions(
    inputs: CapacityInputs,
    daily: _Daily,
    over: BoolArray,
    entity: _Entity,
    starts: IntArray,
    ends: IntArray,
) -> list[list[Contribution]]:
    """Per period, the scope's assignments of the entity working on one of its
    over-allocated days (their calendar works that day)."""
    work = inputs.assignments
    e = entity[0]
    base = len(inputs.resources)
    owners = np.flatnonzero(daily.pools.demand_of[e - base]) if e >= base else np.array([e])
    axis = daily.axis
    mine = np.isin(work.resource, owners) & work.in_scope
    mine &= (work.start <= axis.last) & (work.finish >= axis.first)
    chosen = np.flatnonzero(mine)
    result: list[list[Contribution]] = [[] for _ in range(len(starts))]
    if not len(chosen) or not len(starts):
        return result
    lo = np.maximum(np.clip(work.start[chosen] - axis.first, 0, None)[:, None], starts[None, :])
    hi = np.minimum(
        np.clip(work.finish[chosen] - axis.first, None, axis.size - 1)[:, None], ends[None, :]
    )
    counts = np.zeros(lo.shape, dtype=np.int64)
    for c in np.unique(work.calendar[chosen]):
        rows = work.calendar[chosen] == c
        prefix = np.concatenate([[0], np.cumsum(over & daily.working[c])])
        valid = lo[rows] <= hi[rows]
        counted = prefix[np.where(valid, hi[rows] + 1, 0)] - prefix[np.where(valid, lo[rows], 0)]
        counts[rows] = np.where(valid, counted, 0)
    keys = [r.key for r in inputs.resources]
    for a, n in zip(*(found.tolist() for found in np.nonzero(counts)), strict=True):
        i = int(chosen[a])
        result[n].append(
            Contribution(
                work.task_ids[i],
                work.task_names[i],
                work.project_ids[i],
                keys[work.resource[i]],
                float(work.units[i]),
            )
        )
    return result
