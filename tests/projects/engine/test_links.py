"""Each link type, with lags and leads, on the standard Mon-Fri calendar.

Plan: A (3 days) -> B (2 days) starting Monday (day 0). Days are working-day offsets.
"""

import pytest

from services.projects.engine import LinkInput, LinkType, TaskInput


@pytest.mark.parametrize(
    ("link_type", "lag", "b_start", "b_finish"),
    [
        (LinkType.FS, 0, 3, 4),
        (LinkType.FS, 2, 5, 6),
        (LinkType.FS, -1, 2, 3),  # a lead: B overlaps A's last day
        (LinkType.SS, 0, 0, 1),
        (LinkType.SS, 1, 1, 2),
        (LinkType.FF, 0, 1, 2),
        (LinkType.FF, 1, 2, 3),
        (LinkType.SF, 5, 3, 4),  # B must finish 5 days after A starts
        ("FS", 1, 4, 5),  # plain strings are accepted for the link type
    ],
)
def test_link_types_with_lags_and_leads(run, day_of, link_type, lag, b_start, b_finish) -> None:
    result = run(
        [TaskInput("A", duration_days=3), TaskInput("B", duration_days=2)],
        [LinkInput("A", "B", link_type, lag)],
    )
    assert day_of(result, "B", "early_start") == b_start
    assert day_of(result, "B", "early_finish") == b_finish


def test_start_to_finish_may_pull_a_successor_before_the_project_start(run, day_of) -> None:
    # As in MS Project: B must finish when A starts, so it starts two days before the project.
    result = run(
        [TaskInput("A", duration_days=3), TaskInput("B", duration_days=2)],
        [LinkInput("A", "B", LinkType.SF)],
    )
    assert day_of(result, "B", "early_start") == -2
    assert result.tasks["B"].early_finish.isoformat() == "2025-01-03T17:00:00"


def test_finish_to_finish_never_starts_before_the_project_start(run, day_of) -> None:
    result = run(
        [TaskInput("A", duration_days=1), TaskInput("B", duration_days=3)],
        [LinkInput("A", "B", LinkType.FF)],
    )
    assert day_of(result, "B", "early_start") == 0
    assert day_of(result, "B", "early_finish") == 2


def test_fractional_durations_and_lags_work_in_hours(run) -> None:
    result = run(
        [TaskInput("A", duration_days=0.5), TaskInput("B", duration_days=0.25)],
        [LinkInput("A", "B", LinkType.FS, 0.25)],
    )
    b = result.tasks["B"]
    assert result.tasks["A"].early_finish.isoformat() == "2025-01-06T12:00:00"
    assert b.early_start.isoformat() == "2025-01-06T15:00:00"  # 12:00 + lunch + 2h
    assert b.early_finish.isoformat() == "2025-01-06T17:00:00"


def test_late_dates_and_floats_for_a_chain_beside_a_longer_task(run, day_of) -> None:
    result = run(
        [
            TaskInput("A", duration_days=3),
            TaskInput("B", duration_days=2),
            TaskInput("C", duration_days=10),
        ],
        [LinkInput("A", "B")],
    )
    a, b, c = (result.tasks[k] for k in "ABC")
    assert (day_of(result, "B", "late_start"), day_of(result, "B", "late_finish")) == (8, 9)
    assert (day_of(result, "A", "late_start"), day_of(result, "A", "late_finish")) == (5, 7)
    assert (a.total_float_days, b.total_float_days, c.total_float_days) == (5, 5, 0)
    assert (a.free_float_days, b.free_float_days, c.free_float_days) == (0, 5, 0)
    assert (a.critical, b.critical, c.critical) == (False, False, True)


@pytest.mark.parametrize(
    ("link_type", "a_late_start"),
    # SS and SF would allow A to start on day 8, but like MS Project no late finish may pass
    # the project finish (day 9), so A must start by day 7.
    [(LinkType.FS, 5), (LinkType.SS, 7), (LinkType.FF, 7), (LinkType.SF, 7)],
)
def test_backward_pass_through_each_link_type(run, day_of, link_type, a_late_start) -> None:
    # C (10 days) fixes the project finish at day 9; B (2 days) ends there.
    result = run(
        [
            TaskInput("A", duration_days=3),
            TaskInput("B", duration_days=2),
            TaskInput("C", duration_days=10),
        ],
        [LinkInput("A", "B", link_type)],
    )
    assert day_of(result, "A", "late_start") == a_late_start
