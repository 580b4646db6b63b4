"""Each constraint type, deadlines, negative float and the critical threshold.

Project starts Monday 6 January 2025 (day 0); Friday 10 January is day 4.
"""

from datetime import date, datetime

import pytest

from services.projects.engine import ConstraintType, LinkInput, TaskInput

WED = date(2025, 1, 8)
FRI = date(2025, 1, 10)


def _alone(constraint: ConstraintType, when: date | None, duration: float = 2) -> list[TaskInput]:
    # C (10 days) sets the project finish at day 9.
    return [
        TaskInput("A", duration_days=duration, constraint=constraint, constraint_date=when),
        TaskInput("C", duration_days=10),
    ]


@pytest.mark.parametrize(
    ("constraint", "when", "start", "finish"),
    [
        (ConstraintType.ASAP, None, 0, 1),
        (ConstraintType.SNET, WED, 2, 3),
        (ConstraintType.FNET, FRI, 3, 4),  # a bare date is the end of that day for finishes
        (ConstraintType.MSO, FRI, 4, 5),
        (ConstraintType.MFO, FRI, 3, 4),
        (ConstraintType.SNLT, FRI, 0, 1),  # no pressure: stays as soon as possible
        (ConstraintType.FNLT, FRI, 0, 1),
        ("SNET", WED, 2, 3),  # plain strings are accepted for the constraint type
    ],
)
def test_constraint_moves_early_dates(run, day_of, constraint, when, start, finish) -> None:
    result = run(_alone(constraint, when))
    assert day_of(result, "A", "early_start") == start
    assert day_of(result, "A", "early_finish") == finish


def test_snet_loses_to_a_later_predecessor(run, day_of) -> None:
    result = run(
        [TaskInput("P", duration_days=4), *_alone(ConstraintType.SNET, WED)],
        [LinkInput("P", "A")],
    )
    assert day_of(result, "A", "early_start") == 4


@pytest.mark.parametrize(
    ("constraint", "late_start", "total_float"),
    [
        (ConstraintType.MSO, 4, 0),
        (ConstraintType.MFO, 3, 0),
        (ConstraintType.SNLT, 4, 4),
        (ConstraintType.FNLT, 3, 3),
        (ConstraintType.SNET, 8, 6),  # SNET/FNET only bound early dates
    ],
)
def test_constraint_bounds_late_dates(run, day_of, constraint, late_start, total_float) -> None:
    result = run(_alone(constraint, FRI if constraint != ConstraintType.SNET else WED))
    assert day_of(result, "A", "late_start") == late_start
    assert result.tasks["A"].total_float_days == total_float
    assert result.tasks["A"].critical is (total_float <= 0)


def test_start_no_later_than_wins_over_links_and_shows_negative_float(run, day_of) -> None:
    result = run(
        [TaskInput("P", duration_days=5), *_alone(ConstraintType.SNLT, WED)],
        [LinkInput("P", "A")],
    )
    assert day_of(result, "A", "early_start") == 2  # the constraint is honoured
    p = result.tasks["P"]
    assert p.total_float_days == -3  # P would have to finish 3 days earlier
    assert p.critical
    assert p.free_float_days == 0  # free float never goes below zero, as in MS Project


def test_finish_no_later_than_wins_over_links(run, day_of) -> None:
    result = run(
        [TaskInput("P", duration_days=3), *_alone(ConstraintType.FNLT, date(2025, 1, 7))],
        [LinkInput("P", "A")],
    )
    assert day_of(result, "A", "early_start") == 0
    assert result.tasks["P"].total_float_days == -3


def test_unlinked_snet_before_the_project_start_is_kept(run) -> None:
    result = run(_alone(ConstraintType.SNET, date(2025, 1, 2)))
    assert result.tasks["A"].early_start == datetime(2025, 1, 2, 8, 0)


def test_alap_task_sits_at_its_late_dates_and_its_successor_follows(run, day_of) -> None:
    result = run(
        [*_alone(ConstraintType.ALAP, None), TaskInput("S", duration_days=1)],
        [LinkInput("A", "S")],
    )
    a, s = result.tasks["A"], result.tasks["S"]
    assert day_of(result, "A", "early_start") == 0
    assert (day_of(result, "A", "start"), day_of(result, "A", "finish")) == (7, 8)
    assert a.total_float_days == 0  # MS Project shows no slack on ALAP tasks
    assert day_of(result, "S", "early_start") == 9
    assert s.total_float_days == 0


def test_task_deadline_bounds_the_late_finish(run, day_of) -> None:
    result = run(
        [
            TaskInput("P", duration_days=2),
            TaskInput("A", duration_days=2, deadline=date(2025, 1, 7)),
        ],
        [LinkInput("P", "A")],
    )
    assert day_of(result, "A", "late_finish") == 1
    assert result.tasks["A"].total_float_days == -2
    assert result.tasks["P"].total_float_days == -2


@pytest.mark.parametrize(("deadline", "total_float"), [(date(2025, 1, 17), 5), (WED, -2)])
def test_project_deadline_anchors_the_backward_pass(run, deadline, total_float) -> None:
    result = run([TaskInput("A", duration_days=5)], deadline=deadline)
    assert result.tasks["A"].total_float_days == total_float
    assert result.project_finish == datetime(2025, 1, 10, 17, 0)  # the computed finish


def test_critical_threshold_widens_the_critical_set(run) -> None:
    tasks = [TaskInput("A", duration_days=4), TaskInput("B", duration_days=5)]
    assert not run(tasks).tasks["A"].critical
    assert run(tasks, critical_threshold_days=1).tasks["A"].critical


def test_manually_scheduled_alap_task_stays_where_it_was_put(run, day_of) -> None:
    """A manually scheduled task ignores its constraint, ALAP too (as it ignores links): it
    is not moved to its late dates, its successor follows it from there, and its float is
    measured like any task's."""
    result = run(
        [
            TaskInput("A", duration_days=1, constraint="ALAP", manual_start=WED),
            TaskInput("S", duration_days=1),
            TaskInput("C", duration_days=5),
        ],
        [LinkInput("A", "S")],
    )
    a = result.tasks["A"]
    assert (a.start, a.finish) == (datetime(2025, 1, 8, 8, 0), datetime(2025, 1, 8, 17, 0))
    assert day_of(result, "S", "start") == 3
    assert a.total_float_days == 1  # S must start by Friday, so A may finish Thursday
