"""Our schedule equals the one stored in each reference MSPDI file, task by task.

The files live in ``shared/data/mspdi`` beside the repository (see its README): three saved by
Microsoft Project itself, twelve computed by MPXJ's MicrosoftScheduler, and three more plans
with progress (completed and half-done tasks at a status date, every MS Project status-date
option off) computed by it too. Dates are compared as
points on the working-time axis, which is the README's "working-day granularity after
normalising 08:00 = 17:00 the day before" made exact to the minute. Every file matches on
early/late start/finish, total slack, free slack and the critical flag; no mismatch is
tolerated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.projects.engine import schedule
from services.projects.interchange import read_mspdi, scheduled_tasks, to_schedule_input

DATA = Path(__file__).parents[3] / ".." / "shared" / "data" / "mspdi"
FILES = (
    sorted(DATA.glob("*.xml"))
    + sorted(DATA.glob("generated/*.xml"), key=lambda p: int(p.stem.split("-")[1]))
    + sorted(DATA.glob("progress/*.xml"))
)
MS_PROJECT_SAVED = {"task-links-2010.xml", "task-links-2019.xml", "mspdirelations.xml"}


def test_reference_files_are_present() -> None:
    """The shared data folder sits beside the checkout (CI lays it there too): without it
    the comparison below would pass vacuously."""
    assert len(FILES) >= 18, f"reference MSPDI files not found in {DATA}"


def _mismatches(path: Path) -> tuple[int, list[str]]:
    project = read_mspdi(path.read_bytes())
    inp = to_schedule_input(project)
    result = schedule(inp)
    cal = inp.calendar
    problems = []
    tasks = scheduled_tasks(project)
    for task in tasks:
        ours, theirs = result.tasks[task.uid], task.computed
        pairs = [
            ("early_start", ours.early_start, theirs.early_start),
            ("early_finish", ours.early_finish, theirs.early_finish),
            ("late_start", ours.late_start, theirs.late_start),
            ("late_finish", ours.late_finish, theirs.late_finish),
        ]
        for field, mine, stored in pairs:
            if stored is None or cal.to_point(mine) != cal.to_point(stored):
                problems.append(f"UID {task.uid} {field}: ours {mine}, file {stored}")
        numbers = [
            ("total_slack", ours.total_float_days, theirs.total_slack_days),
            ("free_slack", ours.free_float_days, theirs.free_slack_days),
        ]
        for field, mine, stored in numbers:
            if abs(mine - stored) > 1e-9:
                problems.append(f"UID {task.uid} {field}: ours {mine}, file {stored}")
        if ours.critical != theirs.critical:
            problems.append(f"UID {task.uid} critical: ours {ours.critical}")
    return len(tasks), problems


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schedule_matches_the_file(path: Path) -> None:
    compared, problems = _mismatches(path)
    assert compared > 0
    assert problems == [], "\n".join(problems)


def test_all_reference_files_are_compared() -> None:
    names = {p.name for p in FILES}
    assert names >= MS_PROJECT_SAVED
    assert len([p for p in FILES if p.parent.name == "generated"]) == 12
    assert len([p for p in FILES if p.parent.name == "progress"]) == 3
