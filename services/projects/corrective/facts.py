"""What the option generator knows of a plan: the engine's payload and, beside it, what the
engine does not read (link ids and optional lags, optional tasks, three-point estimates,
assignments and the people who could join them). Plain data: it crosses to the job's child
process pickled, and imports only the engine (the child starts in a fraction of the time
the database layer would take to import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.projects.engine import ScheduleInput


@dataclass(frozen=True, slots=True)
class LinkFact:
    id: str
    predecessor_id: str
    successor_id: str
    type: str
    lag_days: float
    lag_optional: bool


@dataclass(frozen=True, slots=True)
class TaskFact:
    optional: bool
    started: bool
    # (optimistic, most likely, pessimistic, "triangular" | "pert"), or None: fixed.
    estimate: tuple[float, float, float, str] | None = None


@dataclass(frozen=True, slots=True)
class AssignmentFact:
    id: str
    resource_id: str
    units: float
    role_name: str | None  # a person's role, or a role resource's own name
    max_units: float


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    max_units: float


@dataclass(frozen=True, slots=True)
class PlanFacts:
    schedule: ScheduleInput  # the engine's input, as a reschedule builds it
    links: list[LinkFact]
    tasks: dict[str, TaskFact]
    assignments: dict[str, list[AssignmentFact]]  # task id -> its assignments
    people_by_role: dict[str, list[Person]]  # active people of each role
    settings: dict[str, Any]  # CorrectivePolicySettings as JSON
    seed: int = 0
    iterations: int = 200
    extra: dict[str, Any] = field(default_factory=dict)
