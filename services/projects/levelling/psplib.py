"""A reader of PSPLIB single-mode ``.sm`` files (Kolisch & Sprecher) into a :class:`Problem`.

Pure: it takes the file's text. Jobs keep their PSPLIB numbers (1 is the super-source, the
last the super-sink, both of duration 0). Only renewable resources exist in single-mode files.
"""

from __future__ import annotations

from services.projects.levelling.model import InvalidProblem, Job, JobId, Problem


def _section(lines: list[str], title: str, headers: int = 1) -> list[str]:
    """The rows of a section: after its title and ``headers`` column-header lines, up to the
    next line of stars."""
    start = next((i for i, line in enumerate(lines) if line.startswith(title)), None)
    if start is None:
        raise InvalidProblem(f"not a PSPLIB .sm file: no {title!r} section")
    rows = []
    for line in lines[start + 1 + headers :]:
        if line.startswith("*"):
            break
        if line.strip() and not line.startswith("-"):
            rows.append(line)
    return rows


def parse_sm(text: str) -> Problem:
    lines = text.splitlines()
    successors: dict[int, dict[JobId, int]] = {}
    for row in _section(lines, "PRECEDENCE RELATIONS:"):
        numbers = [int(x) for x in row.split()]
        job, count = numbers[0], numbers[2]
        successors[job] = {s: 0 for s in numbers[3 : 3 + count]}
    capacity_rows = _section(lines, "RESOURCEAVAILABILITIES:", headers=0)
    names = capacity_rows[0].split()
    resources = [f"{names[i]}{names[i + 1]}" for i in range(0, len(names), 2)]
    capacities = dict(zip(resources, (int(x) for x in capacity_rows[1].split()), strict=True))
    jobs = []
    for row in _section(lines, "REQUESTS/DURATIONS:"):
        numbers = [int(x) for x in row.split()]
        job, duration, demands = numbers[0], numbers[2], numbers[3:]
        jobs.append(
            Job(
                id=job,
                duration=duration,
                demands={r: d for r, d in zip(resources, demands, strict=True) if d},
                successors=successors.get(job, {}),
            )
        )
    return Problem(jobs=jobs, capacities=capacities)
