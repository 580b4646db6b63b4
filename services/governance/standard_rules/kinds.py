"""The rule kinds as the API sees them: looked up by name, their parameters checked
against the kind's schema (in JSON mode: the values are what a JSON body carries), and
described for ``GET /v1/rule-kinds``."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from services.governance.rules.base import Params, RuleKind
from services.governance.rules.registry import REGISTRY
from shared.errors import FieldError, ValidationFailed

# Lists of known kinds in an error message stop here (the registry may grow long).
MAX_LISTED = 60


def known_kinds() -> list[str]:
    return sorted(REGISTRY)


def find_kind(name: str) -> RuleKind[Any] | None:
    return REGISTRY.get(name)


def require_kind(name: str) -> RuleKind[Any]:
    kind = REGISTRY.get(name)
    if kind is None:
        known = known_kinds()
        listed = ", ".join(known[:MAX_LISTED]) + (", ..." if len(known) > MAX_LISTED else "")
        raise ValidationFailed(
            f"Unknown rule kind {name!r}.",
            errors=[FieldError("kind", f"unknown rule kind; known kinds: {listed or 'none'}")],
            extra={"known_kinds": known},
        )
    return kind


def parse_params(kind: RuleKind[Any], raw: dict[str, Any]) -> Params:
    """The kind's parameters from stored or received JSON, validated as JSON (strict: "3" is
    not a number); raises pydantic's ValidationError. The standard library encodes here: it
    takes any integer a JSON body may carry, however large."""
    return kind.params.model_validate_json(json.dumps(raw))


def validated_params(kind: RuleKind[Any], raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` checked against the kind's schema, as stored: defaults filled in, so the rule
    keeps its meaning if a default changes later. A 422 names each parameter's path."""
    try:
        params = parse_params(kind, raw)
    except ValidationError as exc:
        errors = [
            FieldError(".".join(["params", *(str(p) for p in e["loc"])]), e["msg"])
            for e in exc.errors()
        ]
        raise ValidationFailed(
            f"The parameters do not fit rule kind {kind.name!r}.", errors=errors
        ) from exc
    stored: dict[str, Any] = params.model_dump(mode="json")
    return stored


def describe(kind: RuleKind[Any]) -> dict[str, Any]:
    return {
        "name": kind.name,
        "title": kind.title,
        "description": kind.description,
        "category": kind.category.value,
        "example": dict(kind.example),
        "params_schema": kind.params.model_json_schema(),
    }


def describe_all() -> list[dict[str, Any]]:
    return [describe(REGISTRY[name]) for name in known_kinds()]
