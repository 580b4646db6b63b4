"""Planned value curves kept between requests.

A curve is a pure function of its inputs: the baseline's rows (never changed: a baseline
captured again gets a new id), which of its tasks are leaves (the repository's count and
digest of their ids) and the project calendar's rows. Keyed by those, a curve stays right
for as long as it is kept, and a project read again (a dashboard, the next health check)
skips reading and spreading its baseline. Nothing about the caller enters a curve, so
sharing it across requests reveals nothing.

The cache holds a bounded number of breakpoints (each a point and two Decimals, about 250
bytes), the least recently used curves leaving first.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from services.projects.evm.project import PlannedValue
from services.projects.schedule.rows import CalendarRows

# About 100 MB: every curve of a thousand 200-task projects.
MAX_BREAKPOINTS = 400_000


@dataclass(frozen=True, slots=True)
class CurveKey:
    baseline_id: uuid.UUID
    leaf_count: int
    leaf_digest: Decimal | None
    calendar: CalendarRows | None


class PlannedValues:
    def __init__(self, max_breakpoints: int = MAX_BREAKPOINTS) -> None:
        self._max = max_breakpoints
        self._size = 0
        self._curves: OrderedDict[Hashable, PlannedValue] = OrderedDict()

    def get(self, key: CurveKey) -> PlannedValue | None:
        plan = self._curves.get(key)
        if plan is not None:
            self._curves.move_to_end(key)
        return plan

    def put(self, key: CurveKey, plan: PlannedValue) -> None:
        if key in self._curves:
            return
        self._curves[key] = plan
        self._size += plan.curve.size
        while self._size > self._max and len(self._curves) > 1:
            _, dropped = self._curves.popitem(last=False)
            self._size -= dropped.curve.size
