"""The pure parts of a gate review: running the gate's rules over the project's facts,
what still blocks the review, and which approver roles a decider holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from services.governance.gates.schemas import Blockers, Decision
from services.governance.lifecycles.schemas import GLOBAL_APPROVER_ROLES, ApproverRole, Gate
from services.governance.rules.base import Facts, FindingStatus, Outcome, Severity
from services.governance.rules.registry import REGISTRY
from shared.audit import json_value
from shared.auth import Principal
from shared.clients.projects.members import ProjectRole


def evaluate_gate(gate: Gate, facts: Facts) -> list[dict[str, Any]]:
    """One result per gate rule, in the gate's order, as stored with the review."""
    results = []
    for rule in gate.rules:
        outcome = _outcome(rule.kind, rule.params, facts)
        results.append(
            {
                "kind": rule.kind,
                "params": rule.params,
                "severity": rule.severity.value,
                "status": outcome.status.value,
                "message": outcome.message,
                "evidence": json_value(dict(outcome.evidence)),
            }
        )
    return results


def _outcome(kind_name: str, params: Mapping[str, Any], facts: Facts) -> Outcome:
    # The lifecycle was checked when it was published; a kind removed or changed since is
    # reported, not raised, so one stale rule cannot make a whole review unreadable.
    kind = REGISTRY.get(kind_name)
    if kind is None:
        return Outcome.not_applicable(f"Rule kind {kind_name!r} is no longer available.")
    try:
        return kind.evaluate(facts, params)
    except ValidationError:
        return Outcome.not_applicable(f"The parameters no longer fit rule kind {kind_name!r}.")


def initial_checklist(gate: Gate) -> dict[str, Any]:
    return {
        item.key: {"done": False, "comment": "", "checked_by": None, "checked_at": None}
        for item in gate.checklist
    }


def roles_going(decisions: Iterable[Mapping[str, Any]]) -> set[ApproverRole]:
    return {ApproverRole(d["role"]) for d in decisions if d["decision"] == Decision.go}


def roles_decided(decisions: Iterable[Mapping[str, Any]]) -> set[ApproverRole]:
    """Roles whose decision is used up: any decision but a hold."""
    return {ApproverRole(d["role"]) for d in decisions if d["decision"] != Decision.hold}


def blockers(
    gate: Gate,
    checklist: Mapping[str, Any],
    results: Iterable[Mapping[str, Any]],
    decisions: Iterable[Mapping[str, Any]],
) -> Blockers:
    going = roles_going(decisions)
    return Blockers(
        pending_roles=[role for role in gate.approver_roles if role not in going],
        open_checklist_items=[
            item.key
            for item in gate.checklist
            if item.required and not checklist.get(item.key, {}).get("done")
        ],
        failing_critical_rules=[
            r["kind"]
            for r in results
            if r["severity"] == Severity.critical and r["status"] == FindingStatus.failed
        ],
    )


def readiness_problems(found: Blockers) -> list[str]:
    """Why a ``go`` cannot be given yet (empty: ready), in words."""
    problems = []
    if found.open_checklist_items:
        problems.append(
            "required checklist items not done: " + ", ".join(found.open_checklist_items)
        )
    if found.failing_critical_rules:
        problems.append("critical rules failing: " + ", ".join(found.failing_critical_rules))
    return problems


def roles_held(
    principal: Principal, member_role: ProjectRole | None, sponsor: str | None
) -> frozenset[ApproverRole]:
    """The approver roles a decider holds on this project: their global roles, ``manager``
    when they are a manager member, ``sponsor`` when the project names them its sponsor."""
    held = {ApproverRole(role.value) for role in principal.roles if role.value in _GLOBAL}
    if member_role == ProjectRole.manager:
        held.add(ApproverRole.manager)
    if sponsor and sponsor == principal.subject:
        held.add(ApproverRole.sponsor)
    return frozenset(held)


_GLOBAL = frozenset(role.value for role in GLOBAL_APPROVER_ROLES)
