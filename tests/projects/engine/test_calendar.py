from datetime import date, datetime, time, timedelta

import pytest

from services.projects.engine import ScheduleInputError, WorkCalendar

MON = date(2025, 1, 6)


def test_day_index_counts_working_days_and_skips_weekends() -> None:
    cal = WorkCalendar()
    assert cal.day_index(MON + timedelta(days=7)) - cal.day_index(MON) == 5
    # Saturday and Sunday share the index of the following Monday.
    assert cal.day_index(date(2025, 1, 11)) == cal.day_index(date(2025, 1, 13))


def test_date_at_inverts_day_index_across_holidays_and_extra_working_days() -> None:
    holidays = [date(2025, 1, 8), date(2025, 12, 25), date(2026, 1, 1)]
    extras = [date(2025, 1, 11)]  # a working Saturday
    cal = WorkCalendar(non_working_dates=holidays, working_dates=extras)
    day = date(2024, 12, 1)
    while day < date(2026, 2, 1):
        if cal.is_working_day(day):
            assert cal.date_at(cal.day_index(day)) == day
        day += timedelta(days=1)
    assert not cal.is_working_day(date(2025, 1, 8))
    assert cal.is_working_day(date(2025, 1, 11))


def test_add_working_days_skips_weekends_and_holidays() -> None:
    cal = WorkCalendar(non_working_dates=[date(2025, 1, 13)])
    assert cal.add_working_days(date(2025, 1, 10), 1) == date(2025, 1, 14)  # Fri + 1 -> Tue
    assert cal.add_working_days(date(2025, 1, 11), 0) == date(2025, 1, 14)  # Sat -> next
    assert cal.add_working_days(date(2025, 1, 14), -1) == date(2025, 1, 10)
    assert cal.working_days_between(date(2025, 1, 6), date(2025, 1, 20)) == 9


def test_custom_working_week() -> None:
    cal = WorkCalendar(working_weekdays=[0, 1, 2, 3])  # Monday to Thursday
    assert cal.add_working_days(date(2025, 1, 9), 1) == date(2025, 1, 13)


def test_points_make_finish_at_17_equal_start_at_8_next_working_day() -> None:
    cal = WorkCalendar()
    friday_evening = cal.to_point(datetime(2025, 1, 10, 17, 0))
    monday_morning = cal.to_point(datetime(2025, 1, 13, 8, 0))
    saturday = cal.to_point(datetime(2025, 1, 11, 10, 0))
    assert friday_evening == monday_morning == saturday
    assert cal.to_point(date(2025, 1, 10), finish=True) == monday_morning


def test_points_count_working_minutes_through_the_lunch_break() -> None:
    cal = WorkCalendar()
    morning = cal.to_point(datetime(2025, 1, 6, 8, 0))
    assert cal.to_point(datetime(2025, 1, 6, 12, 30)) - morning == 240  # lunch is idle
    assert cal.to_point(datetime(2025, 1, 6, 14, 0)) - morning == 300
    assert cal.minutes_per_day == 480


def test_start_and_finish_datetimes_follow_ms_project_display() -> None:
    cal = WorkCalendar()
    point = cal.to_point(datetime(2025, 1, 13, 8, 0))
    assert cal.start_datetime(point) == datetime(2025, 1, 13, 8, 0)
    assert cal.finish_datetime(point) == datetime(2025, 1, 10, 17, 0)
    half_day = cal.to_point(datetime(2025, 1, 13, 12, 0))
    assert cal.start_datetime(half_day) == datetime(2025, 1, 13, 13, 0)
    assert cal.finish_datetime(half_day) == datetime(2025, 1, 13, 12, 0)
    assert cal.datetimes([point, half_day], finish=True) == {
        point: datetime(2025, 1, 10, 17, 0),
        half_day: datetime(2025, 1, 13, 12, 0),
    }


def test_date_outside_supported_range_is_rejected() -> None:
    cal = WorkCalendar()
    with pytest.raises(ScheduleInputError) as info:
        cal.to_point(date(2250, 1, 1), field="project_start")
    assert info.value.code == "date_out_of_range"
    assert info.value.field == "project_start"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"working_weekdays": []}, "calendar.working_weekdays"),
        ({"working_weekdays": [7]}, "calendar.working_weekdays"),
        ({"working_times": [(time(12), time(8))]}, "calendar.working_times"),
        ({"working_times": []}, "calendar.working_times"),
    ],
)
def test_invalid_calendars_are_rejected(kwargs: dict, field: str) -> None:
    with pytest.raises(ScheduleInputError) as info:
        WorkCalendar(**kwargs)
    assert info.value.code == "invalid_calendar"
    assert info.value.field == field
