"""The pure cost functions: day by day (the contract other parts call) and by rate segments
(what reads use) agree, on calendars with holidays and rates changing anywhere."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from services.projects.assignments.costing import (
    assignment_cost,
    task_working_days,
    units_for_work,
    work_hours,
)
from services.projects.assignments.figures import Calendars, Prices
from services.projects.schedule.rows import CalendarRows

HOLIDAYS = CalendarRows(
    working_weekdays=(0, 1, 2, 3, 4, 5),  # a six-day week
    hours_per_day=7.5,
    exceptions=((date(2026, 3, 10), False), (date(2026, 3, 15), True)),
)


def test_rate_change_mid_task_by_hand() -> None:
    days = [date(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)]
    rates = [(date(2026, 3, 9), Decimal("120.00")), (date(2026, 1, 1), Decimal("100.00"))]
    # 0.5 x 8 h x (5 x 100 + 5 x 120)
    assert assignment_cost(Decimal("0.5"), days, Decimal(8), rates) == Decimal("4400.00")
    # Before the first rate a day costs nothing; cents rounded once, half up.
    late = [(date(2026, 3, 12), Decimal("33.335"))]
    assert assignment_cost(Decimal("1"), days, Decimal(1), late) == Decimal("66.67")
    assert work_hours(Decimal("0.75"), Decimal(10), Decimal(8)) == Decimal("60.00")
    assert units_for_work(Decimal(20), Decimal(5), Decimal(8)) == Decimal("0.50")


def test_segments_agree_with_days() -> None:
    generator = random.Random(11)
    calendar_id = uuid.uuid4()
    calendars = Calendars({calendar_id: HOLIDAYS})
    for _ in range(300):
        chosen = generator.choice([None, calendar_id])
        resource = uuid.uuid4()
        rates = [
            (date(2026, 2, 1) + timedelta(days=generator.randrange(90)), Decimal(r), "EUR")
            for r in generator.sample(range(50, 150), generator.randrange(0, 4))
        ]
        rates = list({day: (day, rate, cur) for day, rate, cur in rates}.values())
        start = datetime(2026, 2, 15) + timedelta(days=generator.randrange(60))
        finish = start + timedelta(days=generator.randrange(0, 40))
        units = Decimal(generator.randrange(1, 300)) / 100
        hours = calendars.hours_per_day(chosen)
        row = {
            "resource_id": resource,
            "calendar_id": chosen,
            "start": start,
            "finish": finish,
            "units": units,
            "duration_days": Decimal(1),
        }
        days = task_working_days(calendars.calendar(chosen), start, finish)
        expected = assignment_cost(units, days, hours, [(d, r) for d, r, _ in rates])
        assert Prices({resource: rates}, calendars).cost(row, hours) == expected
