"""A classic activity-on-node CPM example reproduced exactly.

Source: F. S. Hillier and G. J. Lieberman, *Introduction to Operations Research*, McGraw-Hill,
chapter "Project Management with PERT/CPM": the Reliable Construction Co. project (building a
plant), 14 activities A-N with durations in weeks and their immediate predecessors, as listed
in that chapter's activity table and project network figure (the chapter and table numbers
differ between editions). The book finds a project length of 44 weeks and the critical path
A-B-C-E-F-J-L-N.

The expected values below were computed by hand from the table (forward pass: ES = max EF of
predecessors; backward pass: LF = min LS of successors; slack = LS - ES), with weeks taken as
working days of the engine's calendar. Day 0 is the project start; EF/LF are "end of" offsets
as in the book (EF = ES + duration).
"""

import pytest

from services.projects.engine import LinkInput, TaskInput

# activity: (duration, immediate predecessors)
ACTIVITIES = {
    "A": (2, ""),  # excavate
    "B": (4, "A"),  # lay the foundation
    "C": (10, "B"),  # put up the rough wall
    "D": (6, "C"),  # put up the roof
    "E": (4, "C"),  # install the exterior plumbing
    "F": (5, "E"),  # install the interior plumbing
    "G": (7, "D"),  # put up the exterior siding
    "H": (9, "EG"),  # do the exterior painting
    "I": (7, "C"),  # do the electrical work
    "J": (8, "FI"),  # put up the wallboard
    "K": (4, "J"),  # install the flooring
    "L": (5, "J"),  # do the interior painting
    "M": (2, "H"),  # install the exterior fixtures
    "N": (6, "KL"),  # install the interior fixtures
}
# activity: (ES, EF, LS, LF, slack), by hand
EXPECTED = {
    "A": (0, 2, 0, 2, 0),
    "B": (2, 6, 2, 6, 0),
    "C": (6, 16, 6, 16, 0),
    "D": (16, 22, 20, 26, 4),
    "E": (16, 20, 16, 20, 0),
    "F": (20, 25, 20, 25, 0),
    "G": (22, 29, 26, 33, 4),
    "H": (29, 38, 33, 42, 4),
    "I": (16, 23, 18, 25, 2),
    "J": (25, 33, 25, 33, 0),
    "K": (33, 37, 34, 38, 1),
    "L": (33, 38, 33, 38, 0),
    "M": (38, 40, 42, 44, 4),
    "N": (38, 44, 38, 44, 0),
}
# Free slack by hand: earliest successor ES minus own EF (the project end for M).
FREE = {"D": 0, "E": 0, "G": 0, "H": 0, "I": 2, "K": 1, "M": 4}


@pytest.fixture
def result(run):
    tasks = [TaskInput(k, duration_days=d) for k, (d, _) in ACTIVITIES.items()]
    links = [LinkInput(p, k) for k, (_, preds) in ACTIVITIES.items() for p in preds]
    return run(tasks, links)


def test_project_length_is_44_weeks(result, day_of) -> None:
    cal = result.calendar
    assert (
        cal.day_index(result.project_finish.date()) - cal.day_index(result.project_start.date()) + 1
        == 44
    )


@pytest.mark.parametrize("activity", sorted(EXPECTED))
def test_dates_and_slack_match_the_hand_computation(result, day_of, activity) -> None:
    es, ef, ls, lf, slack = EXPECTED[activity]
    # The engine reports the day a task finishes on; the book's EF is the boundary after it.
    assert day_of(result, activity, "early_start") == es
    assert day_of(result, activity, "early_finish") + 1 == ef
    assert day_of(result, activity, "late_start") == ls
    assert day_of(result, activity, "late_finish") + 1 == lf
    assert result.tasks[activity].total_float_days == slack
    assert result.tasks[activity].free_float_days == FREE.get(activity, 0)


def test_critical_path_is_a_b_c_e_f_j_l_n(result) -> None:
    critical = "".join(k for k in sorted(result.tasks) if result.tasks[k].critical)
    assert critical == "ABCEFJLN"
