"""Milestones, summary roll-ups, WBS codes and links on summaries."""

from datetime import datetime

import pytest

from services.projects.scheduling import LinkInput, ScheduleInputError, TaskInput


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
