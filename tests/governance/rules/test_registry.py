"""Every registered kind can be published and written: a title, a description, a clean
parameter schema, and an example (its defaults plus required values) that validates, also
after a trip through JSON as the API and the database carry it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from services.governance.rules import REGISTRY
from services.governance.rules.base import Category, RuleKind
from services.governance.rules.reference import render
from services.governance.rules.registry import register
from tests.governance.rules.factories import facts, risk, status_update
from tests.governance.rules.plans import edit, plan_facts, plan_tasks

KINDS = sorted(REGISTRY)


def test_the_registry_is_filled_on_import() -> None:
    assert len(REGISTRY) == 22
    assert sum(kind.category is Category.dcma for kind in REGISTRY.values()) == 14


@pytest.mark.parametrize("name", KINDS)
def test_a_kind_is_described(name: str) -> None:
    kind = REGISTRY[name]
    assert kind.name == name
    assert kind.title.strip() and len(kind.description) > 40
    assert kind.category in set(Category)


@pytest.mark.parametrize("name", KINDS)
def test_a_kinds_schema_describes_every_parameter(name: str) -> None:
    schema = REGISTRY[name].params.model_json_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert schema.get("description")
    for field, spec in schema.get("properties", {}).items():
        assert spec.get("description"), f"{name}.{field} has no description"
    json.dumps(schema)


@pytest.mark.parametrize("name", KINDS)
def test_a_kinds_example_and_defaults_validate_from_json(name: str) -> None:
    kind: RuleKind[Any] = REGISTRY[name]
    params = kind.params.model_validate(json.loads(json.dumps(kind.example)))
    again = kind.params.model_validate(json.loads(params.model_dump_json()))
    assert again == params
    required = set(kind.params.model_json_schema().get("required", []))
    assert required <= set(kind.example), "the example names every required parameter"


@pytest.mark.parametrize("name", KINDS)
def test_unknown_parameters_are_refused(name: str) -> None:
    kind = REGISTRY[name]
    with pytest.raises(ValueError, match="extra"):
        kind.params.model_validate({**kind.example, "surprise": 1})


def test_a_name_registers_once() -> None:
    with pytest.raises(ValueError, match="twice"):
        register(REGISTRY["required_field"])


REFERENCE = Path(__file__).resolve().parents[3] / "docs" / "governance-rules.md"


def test_the_reference_document_is_current() -> None:
    """Regenerate with: python -m services.governance.rules.reference > docs/governance-rules.md"""
    assert REFERENCE.read_text() == render()


@pytest.mark.parametrize("name", KINDS)
def test_the_reference_document_lists_every_kind(name: str) -> None:
    assert f"### `{name}`: {REGISTRY[name].title}" in REFERENCE.read_text()


@pytest.mark.parametrize("name", KINDS)
def test_evidence_is_plain_json(name: str) -> None:
    """Findings are stored and served as JSON: evidence holds only JSON values."""
    kind = REGISTRY[name]
    tasks = plan_tasks()
    plans = [
        plan_facts(),
        plan_facts(edit(tasks, range(len(tasks)), total_float_days=Decimal(-5))),
        plan_facts(status_date=None, baseline=None, critical_path_test=None),
        facts(phase="execution", risks=[risk(owner=None)], last_status_update=status_update(9)),
    ]
    for plan in plans:
        evidence = dict(kind.evaluate(plan, kind.example).evidence)
        assert json.loads(json.dumps(evidence)) == evidence
