"""Compliance evaluation as pure functions: which rules apply to a project (their scope),
each applicable rule's outcome over the project's facts, and the score.

No I/O: the rules and the facts are read first, so a portfolio is evaluated in memory.
Each rule's parameters are parsed once per evaluation run, not once per project."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import ValidationError

from services.governance.rules.base import Facts, FindingStatus, Outcome, Params, RuleKind
from services.governance.standard_rules.kinds import find_kind, parse_params
from shared.clients.projects.facts import ProjectFactsDTO

SEVERITIES = ("info", "minor", "major", "critical")
# The name each status is counted under (an evaluation's columns, and by severity).
COUNTED_AS = {
    FindingStatus.passed: "passed",
    FindingStatus.failed: "failed",
    FindingStatus.not_applicable: "not_applicable",
}
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Scope:
    """Which projects a rule applies to; an empty set admits any value."""

    portfolio_ids: frozenset[uuid.UUID] = frozenset()
    statuses: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    def admits(self, project: ProjectFactsDTO) -> bool:
        return (
            (not self.portfolio_ids or project.portfolio_id in self.portfolio_ids)
            and (not self.statuses or project.status in self.statuses)
            and (not self.phases or project.phase in self.phases)
            and (not self.tags or not self.tags.isdisjoint(project.tags))
        )


@dataclass(frozen=True, slots=True)
class PreparedRule:
    """A published rule ready to run: its kind and parsed parameters, or why it cannot run
    (a kind this release no longer has, parameters that no longer fit it)."""

    id: uuid.UUID
    title: str | None
    standard_id: uuid.UUID
    standard_key: str
    standard_revision: int
    kind_name: str
    severity: str
    weight: Decimal
    scope: Scope
    kind: RuleKind[Any] | None = None
    params: Params | None = None
    problem: str | None = None

    def run(self, facts: Facts) -> Outcome:
        if self.kind is None or self.params is None:
            return Outcome.not_applicable(self.problem or "The rule cannot run.")
        return self.kind.check(facts, self.params)


def prepare(row: Mapping[str, Any]) -> PreparedRule:
    """A rule row (standard_rules columns plus its standard's key and revision)."""
    common: dict[str, Any] = {
        "id": row["id"],
        "title": row["title"],
        "standard_id": row["standard_id"],
        "standard_key": row["standard_key"],
        "standard_revision": row["standard_revision"],
        "kind_name": row["kind"],
        "severity": row["severity"],
        "weight": Decimal(row["weight"]),
        "scope": Scope(
            frozenset(row["scope_portfolio_ids"]),
            frozenset(row["scope_project_statuses"]),
            frozenset(row["scope_phases"]),
            frozenset(row["scope_tags"]),
        ),
    }
    kind = find_kind(row["kind"])
    if kind is None:
        return PreparedRule(**common, problem=f"Rule kind {row['kind']!r} is not known.")
    try:
        params = parse_params(kind, row["params"])
    except ValidationError as exc:
        problem = (
            f"The rule's parameters no longer fit kind {kind.name!r}: {exc.errors()[0]['msg']}."
        )
        return PreparedRule(**common, problem=problem)
    return PreparedRule(**common, kind=kind, params=params)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: PreparedRule
    outcome: Outcome


@dataclass(slots=True)
class Result:
    """One project's evaluation before it is stored."""

    project: ProjectFactsDTO
    findings: list[Finding] = field(default_factory=list)

    @property
    def score(self) -> Decimal | None:
        return score_of(self.findings)

    def count(self, status: FindingStatus) -> int:
        return sum(1 for f in self.findings if f.outcome.status is status)

    def by_severity(self) -> dict[str, dict[str, int]]:
        counts = {severity: dict.fromkeys(COUNTED_AS.values(), 0) for severity in SEVERITIES}
        for finding in self.findings:
            counts[finding.rule.severity][COUNTED_AS[finding.outcome.status]] += 1
        return counts

    def standard_ids(self) -> list[uuid.UUID]:
        return list(dict.fromkeys(f.rule.standard_id for f in self.findings))


def score_of(findings: Sequence[Finding]) -> Decimal | None:
    """Weighted share of passed rules among passed and failed ones, 0-100 to the cent;
    None when no rule passed or failed (not applicable findings do not count)."""
    passed = failed = Decimal(0)
    for finding in findings:
        status = finding.outcome.status
        if status is FindingStatus.passed:
            passed += finding.rule.weight
        elif status is FindingStatus.failed:
            failed += finding.rule.weight
    if passed + failed == 0:
        return None
    return (passed * HUNDRED / (passed + failed)).quantize(CENT, rounding=ROUND_HALF_UP)


def evaluate(rules: Sequence[PreparedRule], facts: Facts) -> Result:
    """Every rule whose scope admits the project, run over its facts, in the rules' order;
    rules out of scope give no finding at all."""
    result = Result(project=facts.project)
    for rule in rules:
        if rule.scope.admits(facts.project):
            result.findings.append(Finding(rule, rule.run(facts)))
    return result
