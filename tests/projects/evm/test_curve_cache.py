"""The planned value curves kept between requests: bounded by their breakpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from services.projects.earned_value.cache import CurveKey, PlannedValues
from services.projects.engine import WorkCalendar
from services.projects.evm.project import planned_value

ROW = (datetime(2025, 1, 6), datetime(2025, 1, 17), Decimal(10), Decimal(100))


def _key(leaves: int = 1) -> CurveKey:
    return CurveKey(uuid.uuid4(), leaves, Decimal(leaves), None)


def test_the_least_recently_used_curves_leave_first() -> None:
    cache = PlannedValues(max_breakpoints=4)  # two curves of two breakpoints
    plans = [planned_value(WorkCalendar(), [ROW]) for _ in range(3)]
    keys = [_key() for _ in plans]
    cache.put(keys[0], plans[0])
    cache.put(keys[1], plans[1])
    assert cache.get(keys[0]) is plans[0]  # now the most recently used

    cache.put(keys[2], plans[2])

    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) is plans[0] and cache.get(keys[2]) is plans[2]


def test_another_leaf_set_is_another_curve() -> None:
    cache = PlannedValues()
    key = _key()
    cache.put(key, planned_value(WorkCalendar(), [ROW]))

    assert cache.get(CurveKey(key.baseline_id, 2, key.leaf_digest, None)) is None
