"""Resource cost of the plan now and under a what-if, priced by the assignments' service
(rate in force each working day x units x hours a day, cents at the assignment). Pure: the
caller loads the rows and has them priced.

Under the scenario:
* a removed person's assignments become work of the person's role, at the role's rates
  (no such role: unstaffed work, not priced, its hours reported);
* work assigned to a role is shared by the role's pool in proportion to the members' units,
  and the share of a hypothetical person with a ``rate_per_hour`` costs that rate instead
  of the role's (without a rate it costs what the role costs).
Both sides price the plan's dates (levelling moves work, not its amount)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from services.projects.resources.scenario import ResourceScenario

CENTS = Decimal("0.01")
ZERO = Decimal(0)
Shares = dict[uuid.UUID, list[tuple[Decimal, Decimal]]]  # role -> [(share, hypothetical rate)]


@dataclass(frozen=True)
class CostSide:
    total: Decimal | None  # None: the rows' currencies cannot be summed
    currency: str | None
    unstaffed_hours: Decimal


def _roles(pool: Sequence[Mapping[str, Any]]) -> dict[str, uuid.UUID]:
    return {r["name"]: r["id"] for r in pool if r["kind"] == "role" and r["active"]}


def reassigned(
    rows: Sequence[Mapping[str, Any]],
    pool: Sequence[Mapping[str, Any]],
    scenario: ResourceScenario,
) -> list[tuple[dict[str, Any], bool]]:
    """The rows as the scenario staffs them, each with whether anyone is left to do it."""
    roles = _roles(pool)
    role_of = {r["id"]: roles.get(r["role_name"]) for r in pool if r["kind"] == "person"}
    result = []
    for original in rows:
        row = dict(original)
        if row["resource_id"] not in scenario.removed:
            result.append((row, True))
            continue
        role = role_of.get(row["resource_id"])
        if role is not None:
            row["resource_id"] = role
        result.append((row, role is not None))
    return result


def hypothetical_shares(pool: Sequence[Mapping[str, Any]], scenario: ResourceScenario) -> Shares:
    """Each role's share of its work the scenario's priced newcomers take."""
    roles = _roles(pool)
    units: dict[uuid.UUID, Decimal] = {}
    for r in pool:
        member = r["kind"] == "person" and r["active"] and r["id"] not in scenario.removed
        if member and r["role_name"] in roles:
            role = roles[r["role_name"]]
            units[role] = units.get(role, ZERO) + Decimal(str(r["max_units"]))
    for person in scenario.added:
        if person.role_name in roles:
            role = roles[person.role_name]
            units[role] = units.get(role, ZERO) + person.max_units
    shares: Shares = {}
    for person in scenario.added:
        pooled = roles.get(person.role_name)
        if pooled is not None and person.rate_per_hour is not None:
            shares.setdefault(pooled, []).append(
                (person.max_units / units[pooled], person.rate_per_hour)
            )
    return shares


def summed(
    priced: Sequence[Mapping[str, Any]], staffed: Sequence[bool], shares: Shares | None = None
) -> CostSide:
    """The total of the priced rows (``cost``, ``work_hours``, ``currency`` as the
    assignments' answers give them), newcomers' shares repriced; unstaffed rows' hours apart."""
    total, unstaffed, currencies = ZERO, ZERO, set()
    for row, has_someone in zip(priced, staffed, strict=True):
        if not has_someone:
            unstaffed += row["work_hours"]
            continue
        cost = row["cost"]
        if cost is None:
            continue  # a rate in another currency than the project's: not summed
        taken = (shares or {}).get(row["resource_id"], ())
        if taken:
            kept = 1 - sum((share for share, _ in taken), ZERO)
            cost = cost * kept + sum((row["work_hours"] * s * rate for s, rate in taken), ZERO)
        total += cost.quantize(CENTS, rounding=ROUND_HALF_UP)
        currencies.add(row["currency"])
    if len(currencies) > 1:
        return CostSide(None, None, unstaffed.quantize(CENTS))
    return CostSide(total.quantize(CENTS), next(iter(currencies), None), unstaffed.quantize(CENTS))
