"""Order options by the portfolio's policy and keep the best few of each kind (pure).

- ``days_gained``: most working days first; cheaper first among equals.
- ``days_per_cost``: gains that cost nothing (or save money) first, most days first; then
  days per unit of cost, highest first.
- ``least_risk``: least added risk first (see evaluate.py), then most days.

Moving the deadline gains no day: it always comes last, whatever the ranking."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

Option = dict[str, Any]


def _key(ranking: str, option: Option) -> tuple[Any, ...]:
    gain = float(option["evaluation"]["gain_days"])
    cost = Decimal(option["cost_delta"])
    last = option["kind"] == "move_deadline"
    if ranking == "days_gained":
        return (last, -gain, cost)
    if ranking == "least_risk":
        return (last, option["evaluation"]["added_risk_days"], -gain, cost)
    if cost <= 0:
        return (last, 0, -gain, cost)
    return (last, 1, -gain / float(cost), cost)


def ranked(options: list[Option], ranking: str, per_kind: int) -> list[Option]:
    """The options in policy order, at most ``per_kind`` of each kind (the best of it)."""
    ordered = sorted(options, key=lambda o: (_key(ranking, o), o["title"]))
    kept: list[Option] = []
    counts: dict[str, int] = defaultdict(int)
    for option in ordered:
        if counts[option["kind"]] < per_kind:
            counts[option["kind"]] += 1
            kept.append(option)
    return kept
