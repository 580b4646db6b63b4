"""Milestones, summary roll-ups, WBS codes and links on summaries."""

from datetime import datetime

import pytest

from services.projects.engine import LinkInput, ScheduleInputError, TaskInput


def test_milestone_after_a_task_sits_at_its_finish(run) -> None:
    result = run(
        [TaskInput("A", duration_days=2), TaskInput("M", duration_days=0)],
        [LinkInput("A", "M")],
    )
    m = result.tasks["M"]
    assert m.is_milestone
    assert m.start == m.finish == datetime(2025, 1, 7, 17, 0)  # shown like MS Project
    assert m.duration_days == 0


def test_milestone_opening_the_project_is_shown_at_its_start(run) -> None:
    m = run([TaskInput("M"), TaskInput("A", duration_days=1)]).tasks["M"]
    assert m.start == m.finish == datetime(2025, 1, 6, 8, 0)


def test_summary_rolls_up_children_and_gets_wbs_codes(run, day_of) -> None:
    result = run(
        [
            TaskInput("S", name="Phase 1"),
            TaskInput("A", duration_days=2, parent_id="S"),
            TaskInput("B", duration_days=3, parent_id="S"),
            TaskInput("T", name="Phase 2"),
            TaskInput("T1", parent_id="T"),
            TaskInput("C", duration_days=1, parent_id="T1"),
            TaskInput("D", duration_days=9),
        ],
        [LinkInput("A", "B")],
    )
    s = result.tasks["S"]
    assert s.is_summary and not s.is_milestone
    assert (day_of(result, "S", "early_start"), day_of(result, "S", "early_finish")) == (0, 4)
    assert s.duration_days == 5
    assert s.total_float_days == 4  # D (9 days) sets the finish; both children can slip 4 days
    assert s.critical is result.tasks["B"].critical
    codes = {k: t.wbs for k, t in result.tasks.items()}
    assert codes == {
        "S": "1",
        "A": "1.1",
        "B": "1.2",
        "T": "2",
        "T1": "2.1",
        "C": "2.1.1",
        "D": "3",
    }
    assert result.tasks["T1"].is_summary


def test_links_to_and_from_a_summary_apply_to_its_tasks(run, day_of) -> None:
    result = run(
        [
            TaskInput("X", duration_days=2),
            TaskInput("S"),
            TaskInput("A", duration_days=1, parent_id="S"),
            TaskInput("B", duration_days=3, parent_id="S"),
            TaskInput("Y", duration_days=1),
        ],
        [LinkInput("X", "S"), LinkInput("S", "Y")],
    )
    assert day_of(result, "A", "early_start") == 2
    assert day_of(result, "B", "early_start") == 2
    assert day_of(result, "Y", "early_start") == 5
    assert result.order.index("X") < result.order.index("A") < result.order.index("Y")


def test_a_summary_cannot_be_linked_to_its_own_task(run) -> None:
    with pytest.raises(ScheduleInputError) as info:
        run([TaskInput("S"), TaskInput("A", duration_days=1, parent_id="S")], [LinkInput("S", "A")])
    assert info.value.code == "summary_link"
    assert info.value.task_id == "A"


@pytest.mark.parametrize(
    "tasks",
    [
        [TaskInput("A", parent_id="nope")],
        [TaskInput("A", parent_id="A")],
        [TaskInput("A", parent_id="B"), TaskInput("B", parent_id="A")],
    ],
)
def test_invalid_parents_are_rejected(run, tasks) -> None:
    with pytest.raises(ScheduleInputError) as info:
        run(tasks)
    assert info.value.code == "invalid_parent"
    assert info.value.field == "tasks.parent_id"


@pytest.mark.parametrize("reverse", [False, True], ids=["FS first", "SS first"])
def test_a_summary_link_and_a_task_link_joining_the_same_tasks_both_apply(run, reverse) -> None:
    """M -> C (FS, one-day lead) and M -> S (SS), which stands for M -> C (SS): two links join
    M and C, and each keeps its own rule whichever is listed first.

    M is manually scheduled (a milestone on Monday 08:00), and a start-driven link out of a
    manually scheduled task does not hold it back, except into a task that ends a chain,
    which caps it at that task's late finish (observed in MS Project 2019, see
    ``links._soften``): the SS link lets M finish until C's late finish, Monday 10:00. The FS
    link lets it finish until C's late start plus the day of lead, Tuesday 08:00. The most
    constraining of the two wins: M's late finish is Monday 10:00, a quarter-day of float,
    not critical. With the FS link listed first, the SS link's exemption used to land on the
    FS link's record, leaving the SS link's full rule (M no later than C's late start) to pin
    M at zero float and make it critical.
    """
    links = [LinkInput("M", "C", "FS", -1), LinkInput("M", "S", "SS")]
    result = run(
        [
            TaskInput("M", manual_start=datetime(2025, 1, 6, 8)),
            TaskInput("S"),
            TaskInput("C", duration_days=0.25, parent_id="S"),
        ],
        links[::-1] if reverse else links,
    )
    m = result.tasks["M"]
    assert m.late_finish == datetime(2025, 1, 6, 10, 0)
    assert m.total_float_days == 0.25
    assert not m.critical


def test_an_exact_duplicate_of_a_link_changes_nothing(run) -> None:
    """A link on a summary and the same link on its task (or a duplicated row) join the same
    tasks the same way: the schedule is the one of a single link."""
    tasks = [
        TaskInput("M", manual_start=datetime(2025, 1, 6, 8)),
        TaskInput("S"),
        TaskInput("C", duration_days=1, parent_id="S"),
    ]
    once = run(tasks, [LinkInput("M", "C", "SS", 0.5)])
    twice = run(tasks, [LinkInput("M", "S", "SS", 0.5), LinkInput("M", "C", "SS", 0.5)])
    assert twice.tasks == once.tasks
    assert once.tasks["M"].total_float_days == 1.5  # capped at C's late finish


def test_a_summary_of_a_milestone_starts_and_finishes_with_it(run) -> None:
    """08:00 and 17:00 of the working day before are one point: the summary shows it once, as
    its milestone does, rather than starting the next morning and finishing the evening
    before."""
    result = run(
        [
            TaskInput("A", duration_days=2),
            TaskInput("S"),
            TaskInput("M", duration_days=0, parent_id="S"),
        ],
        [LinkInput("A", "M")],
    )
    s = result.tasks["S"]
    assert s.start == s.finish == result.tasks["M"].start == datetime(2025, 1, 7, 17, 0)
    assert (s.early_start, s.late_start) == (s.early_finish, s.late_finish)
    assert s.duration_days == 0
