"""What a rule kind is: a name, a parameter schema and a pure function from a project's
facts and the parameters to an outcome. Kinds register themselves in ``REGISTRY`` (see
``registry.py``); standards hold rules that name a kind and carry its parameters.

A kind never reads a database or the network: evaluation fetches the facts first (one batch
call to the projects service, plus what governance itself knows), then runs every rule over
them, so a portfolio of projects is evaluated in memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from shared.clients.projects.facts import ProjectFactsDTO


class Severity(StrEnum):
    info = "info"
    minor = "minor"
    major = "major"
    critical = "critical"


class FindingStatus(StrEnum):
    passed = "pass"
    failed = "fail"
    not_applicable = "not_applicable"


class Params(BaseModel):
    """Base of every kind's parameter schema: strict, so a wrong type or an unknown
    parameter is refused when the rule is written, not when it runs."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, validate_default=True)


P = TypeVar("P", bound=Params)


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything a rule may read: the projects service's facts plus governance's own
    records about the project."""

    project: ProjectFactsDTO
    # Phases whose entry gate was approved (a `go` from every required approver).
    approved_gates: frozenset[str] = frozenset()
    # Keys of the deliverables recorded for the project.
    deliverables: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Outcome:
    status: FindingStatus
    message: str
    # What the finding rests on: the measured value against the limit, offending ids, ...
    evidence: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def passed(cls, message: str, **evidence: Any) -> Outcome:
        return cls(FindingStatus.passed, message, evidence)

    @classmethod
    def failed(cls, message: str, **evidence: Any) -> Outcome:
        return cls(FindingStatus.failed, message, evidence)

    @classmethod
    def not_applicable(cls, message: str, **evidence: Any) -> Outcome:
        return cls(FindingStatus.not_applicable, message, evidence)


class Category(StrEnum):
    governance = "governance"  # project management standards: fields, RAID, gates, baselines
    dcma = "dcma"  # schedule quality: the DCMA 14-point assessment (DCMA-EA PAM 200.1, 2012)


@dataclass(frozen=True, slots=True)
class RuleKind(Generic[P]):
    name: str
    title: str
    # What the kind checks, which records it counts and when it does not apply.
    description: str
    params: type[P]
    check: Callable[[Facts, P], Outcome]
    category: Category = Category.governance
    # Parameters that make a valid rule (the defaults, plus the required ones): documentation
    # and a test that every kind can be written.
    example: Mapping[str, Any] = field(default_factory=dict)

    def evaluate(self, facts: Facts, params: Mapping[str, Any]) -> Outcome:
        return self.check(facts, self.params.model_validate(params))


def ids(items: list[uuid.UUID], limit: int = 50) -> list[str]:
    """Offending ids as evidence, at most ``limit`` of them (a finding stays small)."""
    return [str(i) for i in items[:limit]]


Comparison = Literal["<", "<=", ">", ">="]

_HOLDS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda value, limit: value < limit,
    "<=": lambda value, limit: value <= limit,
    ">": lambda value, limit: value > limit,
    ">=": lambda value, limit: value >= limit,
}
_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def holds(value: float, comparison: Comparison, limit: float) -> bool:
    """Whether ``value comparison limit`` is true, e.g. ``holds(3.0, "<=", 5.0)``."""
    return _HOLDS[comparison](value, limit)


def limit_text(comparison: Comparison, limit: float, unit: str = "") -> str:
    """A limit as a message shows it: ``≤ 5 %``."""
    return f"{_SYMBOL[comparison]} {number(limit)}{unit}"


def number(value: float) -> str:
    """A measured value for a message: no trailing zeros, at most 3 decimals."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
