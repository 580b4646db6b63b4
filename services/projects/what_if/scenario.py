"""From a what-if request to the :class:`ResourceScenario` capacity, costing and levelling
apply, checked against the pool first: every refusal is a 422 naming the field, and all of
them come in one answer. Pure: the caller loads the pool and the calendars named."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from services.projects.engine.calendar import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE
from services.projects.resources.scenario import HypotheticalPerson, ResourceScenario, TimeOffChange
from services.projects.what_if.schemas import MAX_CHANGES, WhatIfRequest
from shared.errors import FieldError, ValidationFailed

# A period of time off longer than this is not a period of time off.
MAX_TIME_OFF_DAYS = 3 * 366


def _pool_roles(pool: Sequence[Mapping[str, Any]], removed: set[uuid.UUID]) -> set[str]:
    """Role names that have a pool: an active role resource, or active members."""
    names = set()
    for row in pool:
        if not row["active"] or row["id"] in removed:
            continue
        if row["kind"] == "role":
            names.add(row["name"])
        elif row["role_name"]:
            names.add(row["role_name"])
    return names


def _added(
    body: WhatIfRequest, roles: set[str], calendars: set[uuid.UUID], ids: set[str]
) -> list[FieldError]:
    problems, keys = [], set()
    for i, person in enumerate(body.add):
        if person.key in keys or person.key in ids:
            problems.append(FieldError(f"add[{i}].key", "must be unique (and not a resource id)"))
        keys.add(person.key)
        if person.role_name not in roles:
            problems.append(
                FieldError(f"add[{i}].role_name", "no role resource nor member has this role")
            )
        if person.calendar_id is not None and person.calendar_id not in calendars:
            problems.append(FieldError(f"add[{i}].calendar_id", "unknown calendar"))
    return problems


def _removed(body: WhatIfRequest, by_id: Mapping[uuid.UUID, Mapping[str, Any]]) -> list[FieldError]:
    problems = []
    for i, resource_id in enumerate(body.remove):
        row = by_id.get(resource_id)
        if row is None:
            problems.append(FieldError(f"remove[{i}]", "unknown resource"))
        elif row["kind"] != "person":
            problems.append(FieldError(f"remove[{i}]", "only a person can leave a pool"))
    return problems


def _time_off(body: WhatIfRequest, by_id: Mapping[uuid.UUID, Any]) -> list[FieldError]:
    problems = []
    for i, change in enumerate(body.time_off):
        where = f"time_off[{i}]"
        if change.resource_id not in by_id:
            problems.append(FieldError(f"{where}.resource_id", "unknown resource"))
        if change.to_date < change.from_date:
            problems.append(FieldError(f"{where}.to_date", "must not be before from_date"))
        elif (change.to_date - change.from_date).days + 1 > MAX_TIME_OFF_DAYS:
            problems.append(FieldError(f"{where}.to_date", f"at most {MAX_TIME_OFF_DAYS} days"))
        for name, day in (("from_date", change.from_date), ("to_date", change.to_date)):
            if not DEFAULT_MIN_DATE <= day <= DEFAULT_MAX_DATE:
                problems.append(
                    FieldError(
                        f"{where}.{name}", f"between {DEFAULT_MIN_DATE} and {DEFAULT_MAX_DATE}"
                    )
                )
    return problems


def build_scenario(
    body: WhatIfRequest, pool: Sequence[Mapping[str, Any]], calendars: set[uuid.UUID]
) -> ResourceScenario:
    """The scenario of the request, or a 422 listing every problem in it."""
    changes = len(body.add) + len(body.remove) + len(body.time_off)
    if changes == 0:
        raise ValidationFailed(
            "The what-if changes nothing: add people, remove some or change time off.",
            errors=[FieldError("add", "at least one change")],
        )
    if changes > MAX_CHANGES:
        raise ValidationFailed(
            f"{changes} changes in one what-if; at most {MAX_CHANGES}.",
            errors=[FieldError("add", f"at most {MAX_CHANGES} changes in all")],
        )
    by_id = {row["id"]: row for row in pool}
    removed = set(body.remove)
    problems = _added(body, _pool_roles(pool, removed), calendars, {str(i) for i in by_id})
    problems += _removed(body, by_id) + _time_off(body, by_id)
    if problems:
        raise ValidationFailed("The what-if names what the pool cannot do.", errors=problems)
    return ResourceScenario(
        added=tuple(
            HypotheticalPerson(p.key, p.role_name, p.max_units, p.calendar_id, p.rate_per_hour)
            for p in body.add
        ),
        removed=frozenset(removed),
        time_off=tuple(
            TimeOffChange(c.resource_id, c.from_date, c.to_date, c.away) for c in body.time_off
        ),
    )
