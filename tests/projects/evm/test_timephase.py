"""Planned value spread over the scheduling engine's working time (pure, no database)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from services.projects.engine import WorkCalendar
from services.projects.evm.curve import MAX_POINTS, curve_dates, s_curve
from services.projects.evm.project import Measures, planned_value, project_evm
from services.projects.evm.rollup import rollup_evm
from services.projects.evm.timephase import (
    PlannedValueCurve,
    Points,
    Spread,
    status_point,
    task_spread,
)

D = Decimal
WEEK = WorkCalendar()
# Monday 6 January 2025 to Friday 17 January: ten working days.
MONDAY, FRIDAY_NEXT = datetime(2025, 1, 6), datetime(2025, 1, 17)


def _pv(calendar: WorkCalendar, spread: Spread | None, day: date) -> Decimal:
    assert spread is not None
    return spread.value_at(status_point(calendar, day))


def test_a_budget_is_spread_over_working_days_only() -> None:
    spread = task_spread(Points(WEEK), MONDAY, FRIDAY_NEXT, D(1000))

    assert _pv(WEEK, spread, date(2025, 1, 5)) == 0
    assert _pv(WEEK, spread, date(2025, 1, 9)) == D(400)  # Monday to Thursday
    assert _pv(WEEK, spread, date(2025, 1, 10)) == D(500)
    assert _pv(WEEK, spread, date(2025, 1, 12)) == D(500)  # the weekend plans nothing
    assert _pv(WEEK, spread, date(2025, 1, 17)) == D(1000)
    assert _pv(WEEK, spread, date(2025, 3, 1)) == D(1000)


def test_a_holiday_plans_nothing() -> None:
    calendar = WorkCalendar(non_working_dates=[date(2025, 1, 8)])
    spread = task_spread(Points(calendar), MONDAY, FRIDAY_NEXT, D(900))  # nine working days

    assert _pv(calendar, spread, date(2025, 1, 7)) == D(200)
    assert _pv(calendar, spread, date(2025, 1, 8)) == D(200)
    assert _pv(calendar, spread, date(2025, 1, 9)) == D(300)


def test_a_start_at_a_time_of_day_counts_its_working_minutes() -> None:
    # From Monday 13:00 to Tuesday 17:00: twelve working hours, four on Monday.
    spread = task_spread(Points(WEEK), datetime(2025, 1, 6, 13), datetime(2025, 1, 7, 17), D(120))

    assert _pv(WEEK, spread, date(2025, 1, 6)) == D(40)


def test_a_milestone_carries_its_budget_at_its_finish() -> None:
    spread = task_spread(Points(WEEK), FRIDAY_NEXT, FRIDAY_NEXT, D(50), milestone=True)

    assert _pv(WEEK, spread, date(2025, 1, 16)) == 0
    assert _pv(WEEK, spread, date(2025, 1, 17)) == D(50)


def test_without_dates_there_is_no_spread() -> None:
    assert task_spread(Points(WEEK), None, FRIDAY_NEXT, D(1)) is None


def test_the_curve_is_the_sum_of_its_spreads() -> None:
    spreads = [
        task_spread(Points(WEEK), MONDAY, FRIDAY_NEXT, D(1000)),
        task_spread(Points(WEEK), datetime(2025, 1, 8), datetime(2025, 1, 21), D(333)),
        task_spread(Points(WEEK), FRIDAY_NEXT, FRIDAY_NEXT, D(7), milestone=True),
        task_spread(Points(WEEK), MONDAY, MONDAY, D(0)),
    ]
    curve = PlannedValueCurve(s for s in spreads if s is not None)

    for day in range(3, 26):
        point = status_point(WEEK, date(2025, 1, day))
        expected = sum((s.value_at(point) for s in spreads if s is not None), D(0))
        assert abs(curve.value_at(point) - expected) < D("1e-18"), day
    assert curve.value_at(status_point(WEEK, date(2025, 2, 1))) == D(1340)


def test_a_project_without_baseline_time_has_no_earned_schedule() -> None:
    plan = planned_value(WEEK, [(FRIDAY_NEXT, FRIDAY_NEXT, D(0), D(10))])

    evm = project_evm(plan, date(2025, 1, 20), D(10), D(10), D(5))

    assert evm.cost.pv == D(10) and evm.time is None and evm.es_date is None


def test_a_status_date_before_the_baseline_start() -> None:
    plan = planned_value(WEEK, [(MONDAY, FRIDAY_NEXT, D(10), D(1000))])

    # The end of Friday 3 January is the start of Monday 6 January: no time elapsed yet.
    friday = project_evm(plan, date(2025, 1, 3), D(1000), D(0), D(0))
    thursday = project_evm(plan, date(2025, 1, 2), D(1000), D(0), D(0))

    assert friday.time is not None and thursday.time is not None
    assert friday.time.at == 0 and friday.time.es == 0 and friday.time.spi_t is None
    assert thursday.time.at == D(-1) and thursday.time.sv_t == D(1)


def test_a_roll_up_reads_each_project_on_its_own_calendar() -> None:
    # 100 a working day from 6 to 17 January, on two calendars; the second has a holiday
    # on Wednesday 8 January: by the end of Thursday 9 January the first planned 400, the
    # second 300.
    holiday = WorkCalendar(non_working_dates=[date(2025, 1, 8)])
    plans = [
        planned_value(WEEK, [(MONDAY, FRIDAY_NEXT, D(10), D(1000))]),
        planned_value(holiday, [(MONDAY, FRIDAY_NEXT, D(9), D(900))]),
    ]
    status = date(2025, 1, 9)
    parts = [(plan, Measures(D(1000), plan.at(status), D(350), D(350))) for plan in plans]

    evm = rollup_evm(parts, status, WEEK)

    assert evm.cost.pv == D(700) and evm.cost.spi == 1
    # The summed PV at the end of each day of the standard week: 200, 400, 500, 700, 900.
    assert evm.time is not None and evm.time.es == D(4) and evm.time.at == D(4)


def test_curve_dates_are_week_ends_and_the_status_date() -> None:
    dates = curve_dates(date(2025, 1, 6), date(2025, 1, 31), date(2025, 1, 22))

    assert dates == [
        date(2025, 1, 12),
        date(2025, 1, 19),
        date(2025, 1, 22),
        date(2025, 1, 26),
        date(2025, 2, 2),
    ]


def test_a_long_curve_is_thinned() -> None:
    dates = curve_dates(date(2000, 1, 3), date(2060, 1, 1), date(2030, 1, 1))

    assert len(dates) <= MAX_POINTS + 2 and dates[-1] >= date(2060, 1, 1)


def test_actual_costs_accumulate_up_to_each_date() -> None:
    costs = [(date(2025, 1, 1), D(5)), (date(2025, 1, 10), D(7))]
    points = s_curve(None, [date(2025, 1, 5), date(2025, 1, 12)], costs, date(2025, 1, 12), D(3))

    assert [(p.pv, p.ac, p.ev) for p in points] == [(0, D(5), None), (0, D(12), D(3))]
