"""The comparison the client contract test relies on, on small hand-made cases: it must
notice each kind of drift, and accept what is only documentation."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from shared.clients import InputModel, WireModel
from tests.architecture.wire_shapes import Rules, differences, from_python, from_schema

DOCUMENT: dict[str, Any] = {
    "components": {"schemas": {"Colour": {"type": "string", "enum": ["red", "green"]}}}
}


def read_schema(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": sorted(properties)}


THING = read_schema(
    id={"type": "string", "format": "uuid", "title": "Id"},
    colour={"$ref": "#/components/schemas/Colour"},
    due={"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
    cost={"anyOf": [{"type": "string"}, {"type": "null"}]},
)


class Colour(StrEnum):
    red = "red"
    green = "green"


class ThingDTO(WireModel):
    id: uuid.UUID
    colour: Colour
    due: date | None = None
    cost: Decimal | None = None


def problems(schema: dict[str, Any], dto: type, rules: Rules | None = None) -> list[str]:
    writing = rules.writing if rules else False
    return list(
        differences(
            from_schema(schema, DOCUMENT), from_python(dto, writing=writing), "x", rules or Rules()
        )
    )


def test_a_matching_dto_passes() -> None:
    assert problems(THING, ThingDTO) == []


def test_a_field_the_service_adds_fails_unless_ignored_with_a_reason() -> None:
    grown = read_schema(**THING["properties"], note={"type": "string"})
    assert problems(grown, ThingDTO) == [
        "ThingDTO.note: the service has it (string) and the DTO does not; add it, "
        "or list it in ignored_fields with the reason"
    ]

    class Skipping(ThingDTO):
        ignored_fields: ClassVar = {"note": "shown nowhere yet"}

    class Unexplained(ThingDTO):
        ignored_fields: ClassVar = {"note": " "}

    assert problems(grown, Skipping) == []
    assert problems(grown, Unexplained) == ["Unexplained.note: ignored_fields must say why"]
    assert problems(THING, Skipping) == [
        "Skipping.note: in ignored_fields but not in the service's schema any more"
    ]


def test_types_formats_enums_and_nullability_are_compared() -> None:
    class Drifted(WireModel):
        id: str
        colour: str
        due: date
        cost: float | None = None

    assert problems(THING, Drifted) == [
        "Drifted.colour: the service has string one of ['green', 'red'], the DTO string",
        "Drifted.cost: the service has string or null, the DTO number or null",
        "Drifted.due: the service has string (date) or null, the DTO string (date)",
        "Drifted.id: the service has string (uuid), the DTO string",
    ]


def test_a_field_the_dto_requires_must_always_come() -> None:
    optional = {**THING, "required": ["id"]}

    class Strict(ThingDTO):
        due: date | None  # type: ignore[assignment]

    assert problems(optional, Strict) == [
        "Strict.colour: the DTO requires it, the service may leave it out",
        "Strict.due: the DTO requires it, the service may leave it out",
    ]


def test_a_sparse_reader_may_find_any_field_missing_or_null() -> None:
    class Sparse(WireModel):
        id: uuid.UUID
        colour: Colour | None
        due: date | None = None
        cost: Decimal | None = None

    assert problems({**THING, "required": ["id"]}, Sparse, Rules(sparse=True)) == []
    assert problems(THING, Sparse) != []


def test_request_bodies_send_decimals_and_match_required_fields() -> None:
    body = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "maxLength": 10},
            "amount": {"anyOf": [{"type": "number"}, {"type": "string"}], "default": "0"},
        },
        "required": ["name"],
    }

    class Create(InputModel):
        name: str
        amount: Decimal = Decimal(0)

    class Loose(InputModel):
        name: str | None = None
        amount: Decimal | None = None

    assert problems(body, Create, Rules(writing=True)) == []
    assert problems(body, Loose, Rules(writing=True)) == [
        "Loose.amount: the service has decimal, the DTO decimal or null",
        "Loose.name: the service has string, the DTO string or null",
        "Loose.name: the service requires it, the DTO does not",
    ]
