"""Every registered kind can be published and written: a title, a description, a clean
parameter schema, and an example (its defaults plus required values) that validates, also
after a trip through JSON as the API and the database carry it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.governance.rules import REGISTRY
from services.governance.rules.base import Category, RuleKind
from services.governance.rules.registry import register

KINDS = sorted(REGISTRY)


def test_the_registry_is_filled_on_import() -> None:
    assert {"required_field", "status_update_age"} <= set(REGISTRY)


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
