"""Where in its lifecycle a project is, for the kinds that apply from a phase on.

The facts carry the project's current phase by name only (the lifecycle's order lives in
governance), so a rule names its phase and, explicitly, the later phases in which it still
applies."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from services.governance.rules.base import Params
from shared.clients.projects.facts import ProjectFactsDTO

PhaseName = Annotated[str, StringConstraints(min_length=1, max_length=100)]


def later_phases_field() -> Any:
    return Field(
        default=[],
        max_length=50,
        description="The phases after `phase` in which the rule still applies (a project "
        "that moved on keeps what it needed to get there); empty: only in `phase` itself.",
    )


class PhaseParams(Params):
    """A phase and the later phases in which the rule applies."""

    phase: PhaseName = Field(description="The phase from which on the rule applies.")
    later_phases: list[PhaseName] = later_phases_field()


def in_phases(project: ProjectFactsDTO, phase: str, later_phases: list[str]) -> bool:
    return project.phase is not None and (project.phase == phase or project.phase in later_phases)


def phase_text(project: ProjectFactsDTO) -> str:
    return "no phase" if project.phase is None else f"phase {project.phase!r}"
