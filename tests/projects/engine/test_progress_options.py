"""Progress in ms_project mode: MS Project's status-date options, one at a time.

The plan starts on Monday 6 January 2025 and its status date is the end of Wednesday the 8th.
Two tasks of four days have progress:

* ``ahead`` is planned after the status date (it cannot start before Monday the 13th) but
  is already half done: its completed part, planned on the 13th and 14th, ends after the
  status date;
* ``behind`` started on Monday the 6th and has done one day only: its remaining part would
  start on Tuesday the 7th, before the status date.

``next`` follows ``behind`` (finish-to-start). MS Project's documentation of the options
(Project Options, Advanced, "Calculation options for this project") says where each part goes.
"""

from datetime import date, datetime

import pytest

from services.projects.engine import LinkInput, ScheduleInputError, TaskInput

STATUS = datetime(2025, 1, 8, 17, 0)
PLAN = [
    TaskInput(
        "ahead",
        duration_days=4,
        constraint="SNET",
        constraint_date=date(2025, 1, 13),
        percent_complete=50,
    ),
    TaskInput("behind", duration_days=4, percent_complete=25, actual_start=date(2025, 1, 6)),
    TaskInput("next", duration_days=1),
    TaskInput("unstarted", duration_days=1),
]
LINKS = [LinkInput("behind", "next")]


def _at(day: int, hour: int) -> datetime:
    return datetime(2025, 1, day, hour, 0)


@pytest.fixture
def plan(run):
    def _schedule(**options):
        return run(PLAN, LINKS, status_date=STATUS, progress_mode="ms_project", **options)

    return _schedule


def _parts(result, task_id):
    t = result.tasks[task_id]
    return t.start, t.stop, t.resume, t.finish


def test_every_option_off_keeps_completed_parts_where_they_happened(plan) -> None:
    result = plan()
    # Ahead: done on the 13th-14th as planned, the rest right after.
    assert _parts(result, "ahead") == (_at(13, 8), _at(14, 17), _at(15, 8), _at(16, 17))
    # Behind: the remaining three days follow the day done, before the status date or not.
    assert _parts(result, "behind") == (_at(6, 8), _at(6, 17), _at(7, 8), _at(9, 17))
    assert result.tasks["next"].start == _at(10, 8)
    # An unstarted task follows its logic, not the status date.
    assert result.tasks["unstarted"].start == _at(6, 8)


def test_move_completed_ends_back_splits_an_ahead_task(plan) -> None:
    """ "Move end of completed parts after status date back to status date": the completed
    part moves back to end on the status date; the remaining part stays where it was."""
    result = plan(move_completed_ends_back=True)
    assert _parts(result, "ahead") == (_at(7, 8), _at(8, 17), _at(15, 8), _at(16, 17))
    assert _parts(result, "behind") == (_at(6, 8), _at(6, 17), _at(7, 8), _at(9, 17))


def test_and_move_remaining_starts_back_joins_the_remaining_part(plan) -> None:
    """ "And move start of remaining parts back to status date": no gap any more."""
    result = plan(move_completed_ends_back=True, move_remaining_starts_back=True)
    assert _parts(result, "ahead") == (_at(7, 8), _at(8, 17), _at(9, 8), _at(10, 17))


def test_move_remaining_starts_forward_splits_a_behind_task(plan) -> None:
    """ "Move start of remaining parts before status date forward to status date": the
    remaining part starts after the status date, the completed part stays; successors move."""
    result = plan(move_remaining_starts_forward=True)
    assert _parts(result, "behind") == (_at(6, 8), _at(6, 17), _at(9, 8), _at(13, 17))
    assert result.tasks["next"].start == _at(14, 8)
    assert _parts(result, "ahead") == (_at(13, 8), _at(14, 17), _at(15, 8), _at(16, 17))


def test_and_move_completed_ends_forward_joins_the_completed_part(plan) -> None:
    """ "And move end of completed parts forward to status date": the completed part moves
    forward to end on the status date, where the remaining part starts."""
    result = plan(move_remaining_starts_forward=True, move_completed_ends_forward=True)
    assert _parts(result, "behind") == (_at(8, 8), _at(8, 17), _at(9, 8), _at(13, 17))


@pytest.mark.parametrize("second", ["move_remaining_starts_back", "move_completed_ends_forward"])
def test_a_second_option_needs_its_first(plan, second) -> None:
    """MS Project offers each second option only once the first is chosen."""
    assert plan(**{second: True}).tasks == plan().tasks


def test_options_do_nothing_without_a_status_date(run) -> None:
    result = run(
        PLAN,
        LINKS,
        progress_mode="ms_project",
        move_completed_ends_back=True,
        move_remaining_starts_forward=True,
    )
    assert _parts(result, "behind") == (_at(6, 8), _at(6, 17), _at(7, 8), _at(9, 17))


def test_data_date_mode_ignores_the_options(run) -> None:
    """From the data date: remaining work and unstarted tasks after the status date."""
    result = run(
        PLAN, LINKS, status_date=STATUS, progress_mode="data_date", move_completed_ends_back=True
    )
    assert _parts(result, "ahead") == (_at(13, 8), _at(14, 17), _at(15, 8), _at(16, 17))
    assert _parts(result, "behind") == (_at(6, 8), _at(6, 17), _at(9, 8), _at(13, 17))
    assert result.tasks["unstarted"].start == _at(9, 8)


def test_split_in_progress_tasks_makes_remaining_work_wait_for_a_predecessor(run) -> None:
    """A task started before its predecessor finished: with "split in-progress tasks" (on by
    default, as in MS Project) its remaining part waits for the predecessor; without, it
    follows the work done and the link is ignored."""
    tasks = [
        TaskInput("first", duration_days=5),
        TaskInput("early", duration_days=2, percent_complete=50, actual_start=date(2025, 1, 6)),
    ]
    links = [LinkInput("first", "early")]
    split = run(tasks, links, progress_mode="ms_project")
    assert _parts(split, "early") == (_at(6, 8), _at(6, 17), _at(13, 8), _at(13, 17))
    joined = run(tasks, links, progress_mode="ms_project", split_in_progress_tasks=False)
    assert _parts(joined, "early") == (_at(6, 8), _at(6, 17), _at(7, 8), _at(7, 17))


def test_unknown_progress_mode_is_rejected(run) -> None:
    with pytest.raises(ScheduleInputError) as info:
        run(PLAN, progress_mode="primavera")
    assert (info.value.code, info.value.field) == ("unknown_progress_mode", "progress_mode")
