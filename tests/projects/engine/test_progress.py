"""Progress: actual dates, percent complete and a status date."""

from datetime import date, datetime

import pytest

from services.projects.engine import LinkInput, ScheduleInputError, TaskInput

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


@pytest.mark.parametrize("started", ["actual_start", "manual_start"])
def test_alap_task_in_progress_never_finishes_before_it_starts(run, started) -> None:
    """An ALAP task is planned at its late dates, but once started its start is fixed (by the
    actual start, or where it was put by hand) and only the remaining work can wait, never
    to before the earliest it can be done. Here the project deadline (14 January) falls weeks
    before the task started (6 February): it used to finish on the 14th, before its start,
    and its summary lasted -16 days, which the database refuses. It now finishes when its
    work allows, its successor follows it there, and the negative float says how late it
    is (17.25 days: D's day must fit before the deadline too)."""
    started_at = datetime(2025, 2, 6, 8, 0)
    result = run(
        [
            TaskInput("S"),
            TaskInput(
                "C",
                duration_days=0.25,
                parent_id="S",
                constraint="ALAP",
                percent_complete=25,
                **{started: started_at},
            ),
            TaskInput("D", duration_days=1),
        ],
        [LinkInput("C", "D")],
        deadline=date(2025, 1, 14),
    )
    c, s, d = result.tasks["C"], result.tasks["S"], result.tasks["D"]
    assert (c.start, c.finish) == (started_at, datetime(2025, 2, 6, 10, 0))
    assert c.late_finish == datetime(2025, 1, 13, 17, 0)
    assert c.total_float_days == -17.25
    assert c.critical
    assert (s.start, s.finish, s.duration_days) == (c.start, c.finish, 0.25)
    assert d.start == datetime(2025, 2, 6, 10, 0)  # its successor follows where it is


def test_started_task_after_an_alap_task_has_its_start_as_late_start(run, day_of) -> None:
    """A task with progress and no actual start started as planned: behind an ALAP task it
    follows that task's late dates, which the pass placing ALAP tasks settles last; its late
    start, its start, must be the settled one."""
    result = run(
        [
            TaskInput("P", duration_days=1, constraint="ALAP"),
            TaskInput("A", duration_days=2, percent_complete=50),
            TaskInput("B", duration_days=5),
        ],
        [LinkInput("P", "A")],
    )
    a = result.tasks["A"]
    assert day_of(result, "P", "start") == 3
    assert a.start == a.early_start == a.late_start == datetime(2025, 1, 10, 8, 0)


def test_completed_task_whose_actual_dates_are_one_point_shows_one_instant(run) -> None:
    """Started and finished on a Saturday of a Monday-Friday calendar: both collapse onto the
    point between Friday 17:00 and Monday 08:00, shown once (like a milestone) rather than
    as a finish the Friday before its Monday start."""
    saturday = date(2025, 1, 11)
    t = run(
        [
            TaskInput(
                "T",
                duration_days=1,
                percent_complete=100,
                actual_start=saturday,
                actual_finish=saturday,
            ),
            TaskInput("U", duration_days=10),
        ]
    ).tasks["T"]
    assert t.start == t.finish == datetime(2025, 1, 10, 17, 0)
    assert t.early_start == t.early_finish == t.late_start == t.late_finish == t.start


def test_a_manual_task_that_has_started_is_at_its_actual_start(run) -> None:
    """MS Project moves a manually scheduled task to its actual start once work is recorded
    (the actual start becomes the start); until then the manual start holds."""
    manual = datetime(2025, 1, 6, 8, 0)
    result = run(
        [
            TaskInput("planned", duration_days=2, manual_start=manual),
            TaskInput(
                "started",
                duration_days=2,
                manual_start=manual,
                percent_complete=50,
                actual_start=date(2025, 1, 8),
            ),
            TaskInput(
                "done",
                duration_days=2,
                manual_start=manual,
                percent_complete=100,
                actual_start=date(2025, 1, 8),
                actual_finish=date(2025, 1, 10),
            ),
        ]
    )
    planned, started, done = (result.tasks[k] for k in ("planned", "started", "done"))
    assert (planned.start, planned.finish) == (manual, datetime(2025, 1, 7, 17, 0))
    assert (started.start, started.finish) == (
        datetime(2025, 1, 8, 8, 0),
        datetime(2025, 1, 9, 17, 0),
    )
    assert (done.start, done.finish) == (datetime(2025, 1, 8, 8, 0), datetime(2025, 1, 10, 17, 0))


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"remaining_duration_days": -1}, "tasks.remaining_duration_days", "invalid_progress"),
        ({"actual_duration_days": -0.5}, "tasks.actual_duration_days", "invalid_progress"),
        (
            {"remaining_duration_days": float("nan")},
            "tasks.remaining_duration_days",
            "invalid_value",
        ),
        ({"actual_duration_days": "2"}, "tasks.actual_duration_days", "invalid_value"),
    ],
)
def test_bad_actual_or_remaining_duration_is_rejected(run, fields, field, code) -> None:
    task = TaskInput("A", duration_days=4, actual_start=date(2025, 1, 6), **fields)
    with pytest.raises(ScheduleInputError) as info:
        run([task])
    assert (info.value.code, info.value.field, info.value.task_id) == (code, field, "A")


@pytest.mark.parametrize("mode", ["ms_project", "data_date"])
def test_actual_and_remaining_durations_place_the_parts(run, mode) -> None:
    """The actual duration wins over the percent complete, and the remaining duration sets
    how long the task still lasts (MS Project then recomputes the duration): one day done and
    three left of what was planned as two days."""
    result = run(
        [
            TaskInput(
                "A",
                duration_days=2,
                percent_complete=50,
                actual_start=date(2025, 1, 6),
                actual_duration_days=1,
                remaining_duration_days=3,
            )
        ],
        progress_mode=mode,
    )
    a = result.tasks["A"]
    assert (a.stop, a.resume) == (datetime(2025, 1, 6, 17, 0), datetime(2025, 1, 7, 8, 0))
    assert a.finish == datetime(2025, 1, 9, 17, 0)
    assert a.duration_days == 4


def test_tasks_without_progress_have_no_stop_or_resume(run) -> None:
    t = run([TaskInput("A", duration_days=2)]).tasks["A"]
    assert (t.stop, t.resume) == (None, None)


def test_completed_milestone_at_the_end_of_a_day_is_shown_that_day(run) -> None:
    """Reached at 17:00 on Wednesday: shown on Wednesday at 17:00 (not a day early, nor the
    next morning), and its successor starts on Thursday."""
    wednesday_evening = datetime(2025, 1, 8, 17, 0)
    result = run(
        [
            TaskInput(
                "M",
                percent_complete=100,
                actual_start=wednesday_evening,
                actual_finish=wednesday_evening,
            ),
            TaskInput("B", duration_days=1),
        ],
        [LinkInput("M", "B")],
        status_date=date(2025, 1, 10),
        progress_mode="ms_project",
    )
    m = result.tasks["M"]
    assert m.start == m.finish == m.early_start == m.late_finish == wednesday_evening
    assert result.tasks["B"].early_start == datetime(2025, 1, 9, 8, 0)


def test_alap_task_with_negative_float_stays_after_the_data_date(run) -> None:
    """From the data date, S (started, nothing done) resumes after the status date and its
    ALAP predecessor P, a day of lag before it, cannot meet it: P's late dates fall before the
    status date. P stays at its early dates, after the status date."""
    result = run(
        [
            TaskInput("S", duration_days=1, actual_start=date(2025, 1, 6)),
            TaskInput("P", duration_days=2, constraint="ALAP"),
        ],
        [LinkInput("P", "S", lag_days=1)],
        status_date=date(2025, 1, 8),
    )
    p = result.tasks["P"]
    assert (p.start, p.finish) == (datetime(2025, 1, 9, 8, 0), datetime(2025, 1, 10, 17, 0))
    assert p.late_start == datetime(2025, 1, 7, 8, 0)
