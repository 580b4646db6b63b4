"""Progress: actual dates, percent complete and a status date."""

from datetime import date, datetime

import pytest

from services.projects.scheduling import LinkInput, ScheduleInputError, TaskInput

THURSDAY = date(2025, 1, 9)  # status date: work up to the end of Thursday is known


def test_completed_task_keeps_its_actual_dates_and_drives_successors(run, day_of) -> None:
    result = run(
        [
            TaskInput(
                "A",
                duration_days=3,
                percent_complete=100,
                actual_start=date(2025, 1, 6),
                actual_finish=date(2025, 1, 7),
            ),
            TaskInput("B", duration_days=1),
        ],
        [LinkInput("A", "B")],
    )
    a = result.tasks["A"]
    assert a.finish == datetime(2025, 1, 7, 17, 0)  # finished a day early
    assert day_of(result, "B", "early_start") == 2
    assert not a.critical  # finished work cannot delay the project
    assert a.total_float_days == 0


def test_remaining_work_is_scheduled_from_the_status_date(run, day_of) -> None:
    result = run(
        [
            TaskInput("A", duration_days=4, percent_complete=50, actual_start=date(2025, 1, 6)),
            TaskInput("B", duration_days=1),
            TaskInput("C", duration_days=2),
        ],
        [LinkInput("A", "B")],
        status_date=THURSDAY,
    )
    # Two days done; the remaining two start after the status date (Friday) and run to Monday.
    assert day_of(result, "A", "early_start") == 0
    assert day_of(result, "A", "early_finish") == 5
    assert day_of(result, "B", "early_start") == 6
    # Unstarted work without predecessors cannot be planned in the past either.
    assert day_of(result, "C", "early_start") == 4
    assert result.tasks["A"].late_start == datetime(2025, 1, 6, 8, 0)  # its actual start


def test_progress_without_actual_start_started_as_planned(run, day_of) -> None:
    result = run(
        [TaskInput("P", duration_days=1), TaskInput("A", duration_days=2, percent_complete=50)],
        [LinkInput("P", "A")],
    )
    assert day_of(result, "A", "early_start") == 1
    assert day_of(result, "A", "early_finish") == 2


@pytest.mark.parametrize(
    "task",
    [
        TaskInput("A", duration_days=1, percent_complete=150),
        TaskInput("A", duration_days=1, actual_finish=date(2025, 1, 7)),
        TaskInput(
            "A", duration_days=1, actual_start=date(2025, 1, 8), actual_finish=date(2025, 1, 6)
        ),
    ],
)
def test_inconsistent_progress_is_rejected(run, task) -> None:
    with pytest.raises(ScheduleInputError) as info:
        run([task])
    assert info.value.code == "invalid_progress"
    assert info.value.task_id == "A"


def test_completed_milestone_with_a_span_of_actuals_keeps_them(run) -> None:
    """A milestone recorded as started on one day and finished on a later (weekend) one:
    its actual dates stand, the finish at the end of the last working day. Building the
    result used to fail with a KeyError on such a milestone."""
    result = run(
        [
            TaskInput(
                "M",
                duration_days=0,
                percent_complete=100,
                actual_start=datetime(2025, 1, 23, 8, 30),
                actual_finish=date(2025, 1, 26),  # a Sunday
            )
        ]
    )
    m = result.tasks["M"]
    assert m.is_milestone
    assert (m.start, m.finish) == (datetime(2025, 1, 23, 8, 30), datetime(2025, 1, 24, 17, 0))
    assert (m.early_start, m.late_finish) == (m.start, m.finish)
