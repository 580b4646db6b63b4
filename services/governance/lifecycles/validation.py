"""What a lifecycle document must satisfy beyond its field types (pure): unique phase
keys, exactly one gate between each pair of consecutive phases and no other, unique
checklist keys, and rules that name a registered kind with parameters of its schema."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from services.governance.lifecycles.schemas import Gate, GateRule, Phase
from services.governance.rules.registry import REGISTRY
from shared.errors import FieldError, ValidationFailed


def check_lifecycle(phases: list[Phase], gates: list[Gate]) -> None:
    """Raise a 422 naming every problem of the document, or return."""
    errors = [*_phase_errors(phases), *_gate_errors(phases, gates)]
    for index, gate in enumerate(gates):
        errors.extend(_checklist_errors(gate, f"gates.{index}"))
        for position, rule in enumerate(gate.rules):
            errors.extend(rule_errors(rule, f"gates.{index}.rules.{position}"))
    if errors:
        raise ValidationFailed("The lifecycle is not valid.", errors=errors)


def _phase_errors(phases: list[Phase]) -> Iterator[FieldError]:
    seen: set[str] = set()
    for index, phase in enumerate(phases):
        if phase.key in seen:
            yield FieldError(f"phases.{index}.key", f"phase {phase.key!r} appears twice")
        seen.add(phase.key)


def _gate_errors(phases: list[Phase], gates: list[Gate]) -> Iterator[FieldError]:
    position = {phase.key: index for index, phase in enumerate(phases)}
    covered: set[str] = set()
    for index, gate in enumerate(gates):
        at = f"gates.{index}"
        if gate.from_phase not in position:
            yield FieldError(f"{at}.from_phase", f"no phase {gate.from_phase!r}")
        elif gate.to_phase not in position:
            yield FieldError(f"{at}.to_phase", f"no phase {gate.to_phase!r}")
        elif position[gate.to_phase] != position[gate.from_phase] + 1:
            yield FieldError(
                f"{at}.to_phase",
                "a gate stands between consecutive phases: "
                f"{gate.to_phase!r} does not directly follow {gate.from_phase!r}",
            )
        elif gate.to_phase in covered:
            yield FieldError(f"{at}.to_phase", f"a second gate into {gate.to_phase!r}")
        else:
            covered.add(gate.to_phase)
    for phase in phases[1:]:
        if phase.key not in covered:
            yield FieldError("gates", f"no gate into phase {phase.key!r}")


def _checklist_errors(gate: Gate, at: str) -> Iterator[FieldError]:
    seen: set[str] = set()
    for index, item in enumerate(gate.checklist):
        if item.key in seen:
            yield FieldError(f"{at}.checklist.{index}.key", f"item {item.key!r} appears twice")
        seen.add(item.key)
    if len(set(gate.approver_roles)) != len(gate.approver_roles):
        yield FieldError(f"{at}.approver_roles", "a role is listed twice")


def rule_errors(rule: GateRule, at: str) -> list[FieldError]:
    """The problems of one rule: an unknown kind, or parameters its schema refuses (each
    named by its path under ``params``)."""
    kind = REGISTRY.get(rule.kind)
    if kind is None:
        known = ", ".join(sorted(REGISTRY)) or "none registered"
        return [FieldError(f"{at}.kind", f"unknown rule kind {rule.kind!r}; known: {known}")]
    try:
        kind.params.model_validate(rule.params)
    except ValidationError as exc:
        return [_param_error(at, error) for error in exc.errors()]
    return []


def _param_error(at: str, error: Mapping[str, Any]) -> FieldError:
    path = ".".join(str(part) for part in error["loc"])
    return FieldError(f"{at}.params" + (f".{path}" if path else ""), str(error["msg"]))
