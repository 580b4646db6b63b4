"""The scheduler builds each StoredSchedule positionally, for speed: pin that every stored
column receives the engine value it is named after."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from services.projects.engine import TaskInput
from services.projects.engine.model import TaskSchedule
from services.projects.schedule.runner import EngineOutput
from services.projects.schedule.service import _changed_rows


def _day(n: int) -> datetime:
    return datetime(2026, 3, n, 8)


def test_each_stored_column_takes_the_value_it_is_named_after() -> None:
    computed = TaskSchedule(
        task_id="t",
        wbs="1.2",
        is_summary=False,
        is_milestone=True,
        start=_day(2),
        finish=_day(3),
        early_start=_day(4),
        early_finish=_day(5),
        late_start=_day(6),
        late_finish=_day(7),
        duration_days=9.0,
        total_float_days=1.25,
        free_float_days=0.5,
        critical=True,
        stop=_day(10),
        resume=_day(11),
    )
    outcome = EngineOutput(_day(1), _day(12), [computed], splits=frozenset({0}))
    task = TaskInput("t", duration_days=3.5)
    stored_row = (None,) * 30  # nothing stored yet: every value is a change
    [(task_id, stored)] = _changed_rows([stored_row], [task], outcome)  # type: ignore[list-item]
    assert task_id == "t"
    assert stored._asdict() == {
        "wbs_code": "1.2",
        "is_summary": False,
        "is_milestone": True,
        "early_start": _day(4),
        "early_finish": _day(5),
        "late_start": _day(6),
        "late_finish": _day(7),
        "total_float_days": Decimal("1.25"),
        "free_float_days": Decimal("0.5"),
        "critical": True,
        "start_date": date(2026, 3, 2),
        "finish_date": date(2026, 3, 3),
        "duration_days": Decimal("3.5"),  # a leaf keeps its own duration
        "stop": _day(10),
        "resume": _day(11),
        "is_split": True,
    }
