"""The dates the passes compute, as parallel lists of points on the working-time axis."""

from __future__ import annotations

from dataclasses import dataclass, field

NO_BOUND = -(1 << 62)  # an early start no link has bounded yet
NEVER = 1 << 62  # late offset of a link that must not hold back its predecessor


@dataclass(slots=True)
class Dates:
    es: list[int]
    ef: list[int]
    ls: list[int]
    lf: list[int]
    ls_calc: list[int]  # late start the predecessors see (LF minus remaining work)
    project_finish: int
    # Started tasks: where the completed part stops and the remaining part resumes.
    parts: dict[int, tuple[int, int]] = field(default_factory=dict)


def new_dates(size: int, project_start: int) -> Dates:
    def column() -> list[int]:
        return [project_start] * size

    return Dates(column(), column(), column(), column(), column(), project_start)
