"""The JSON a DTO reads or writes, and the JSON a service documents, in one comparable form.

A :class:`Shape` is what matters on the wire: the JSON type and format, nullability, enum
values, array items, map values and object fields (with whether each must be present).
Titles, descriptions, lengths and patterns are documentation, not shape.

Decimals: the services emit them as strings (their output schemas say ``string``) and accept
a number or a string (``anyOf [number, string]``); a DTO's ``Decimal`` is read as the first
and written as the second.
"""

from __future__ import annotations

import types
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo

FORMATS = frozenset({"uuid", "date", "date-time"})
SCALARS: tuple[tuple[type, str, str | None], ...] = (
    # Order matters: bool is an int, datetime a date.
    (bool, "boolean", None),
    (int, "integer", None),
    (float, "number", None),
    (str, "string", None),
    (uuid.UUID, "string", "uuid"),
    (datetime, "string", "date-time"),
    (date, "string", "date"),
)


@dataclass(frozen=True)
class Shape:
    kind: str  # string, integer, number, boolean, decimal, array, map, object, any, union
    format: str | None = None
    nullable: bool = False
    enum: frozenset[str] | None = None
    items: Shape | None = None  # array items, map values
    fields: Mapping[str, Field] = field(default_factory=dict)  # object fields
    model: type[BaseModel] | None = None  # the DTO an object shape was read from
    variants: tuple[Shape, ...] = ()

    def __str__(self) -> str:
        text = " | ".join(map(str, self.variants)) if self.variants else self.kind
        if self.format:
            text += f" ({self.format})"
        if self.enum is not None:
            text += f" one of {sorted(self.enum)}"
        if self.items is not None:
            text += f" of {self.items}"
        return text + (" or null" if self.nullable else "")


@dataclass(frozen=True)
class Field:
    shape: Shape
    required: bool


# --- a DTO's side: its Python annotations -------------------------------------------------


def from_python(annotation: Any, *, writing: bool) -> Shape:
    """The JSON a DTO field's type reads (``writing``: sends)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        declared = _declared_schema(get_args(annotation)[1:], writing=writing)
        if declared is not None:
            return from_schema(declared, {})
        return from_python(get_args(annotation)[0], writing=writing)
    if origin in (Union, types.UnionType):
        return _union([from_python(a, writing=writing) for a in get_args(annotation)])
    if origin is list:
        return Shape("array", items=from_python(get_args(annotation)[0], writing=writing))
    if origin is dict:
        return Shape("map", items=from_python(get_args(annotation)[1], writing=writing))
    if annotation is Any:
        return Shape("any")
    if annotation is type(None):
        return Shape("null")
    if isinstance(annotation, type):
        return _from_class(annotation, writing=writing)
    raise TypeError(f"no wire shape for {annotation!r}")


def _annotation(info: FieldInfo) -> Any:
    """A field's type with its metadata: pydantic moves an ``Annotated`` field's metadata
    (a ``WithJsonSchema``, say) off the annotation when the field is not optional."""
    if info.metadata:
        return Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def _declared_schema(metadata: tuple[Any, ...], *, writing: bool) -> dict[str, Any] | None:
    """The JSON schema a type declares for itself (``WithJsonSchema``, as the shared wire
    types do), for the direction the DTO uses it in."""
    mode = "validation" if writing else "serialization"
    for item in metadata:
        if isinstance(item, WithJsonSchema) and item.mode in (None, mode):
            return item.json_schema
    return None


def _from_class(cls: type, *, writing: bool) -> Shape:
    if issubclass(cls, Enum):
        return Shape("string", enum=frozenset(str(m.value) for m in cls))
    if issubclass(cls, BaseModel):
        fields = {
            name: Field(from_python(_annotation(info), writing=writing), info.is_required())
            for name, info in cls.model_fields.items()
        }
        return Shape("object", fields=fields, model=cls)
    if issubclass(cls, Decimal):
        return Shape("decimal" if writing else "string")
    for python, kind, fmt in SCALARS:
        if issubclass(cls, python):
            return Shape(kind, format=fmt)
    raise TypeError(f"no wire shape for {cls!r}")


# --- a service's side: its OpenAPI schemas ------------------------------------------------


def from_schema(node: Mapping[str, Any], document: Mapping[str, Any]) -> Shape:
    """The shape of a JSON schema in an OpenAPI document (``$ref`` s resolved)."""
    if "$ref" in node:
        return from_schema(_resolve(node["$ref"], document), document)
    if "allOf" in node and len(node["allOf"]) == 1:
        return from_schema(node["allOf"][0], document)
    for key in ("anyOf", "oneOf"):
        if key in node:
            return _union([from_schema(v, document) for v in node[key]])
    kind = node.get("type")
    if isinstance(kind, list):
        return _union([from_schema({**node, "type": k}, document) for k in kind])
    if "enum" in node or "const" in node:
        values = node.get("enum", [node.get("const")])
        return Shape(kind or "string", enum=frozenset(str(v) for v in values))
    if kind == "array":
        return Shape("array", items=from_schema(node.get("items", {}), document))
    if kind == "object" or "properties" in node:
        return _object(node, document)
    if kind is None:
        return Shape("any")
    fmt = node.get("format")
    return Shape(kind, format=fmt if fmt in FORMATS else None)


def _object(node: Mapping[str, Any], document: Mapping[str, Any]) -> Shape:
    if "properties" in node:
        required = set(node.get("required", ()))
        fields = {
            name: Field(from_schema(schema, document), name in required)
            for name, schema in node["properties"].items()
        }
        return Shape("object", fields=fields)
    values = node.get("additionalProperties", True)
    return Shape("map", items=from_schema(values, document) if values is not True else Shape("any"))


def _resolve(ref: str, document: Mapping[str, Any]) -> Mapping[str, Any]:
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def _union(shapes: list[Shape]) -> Shape:
    nullable = any(s.kind == "null" for s in shapes)
    rest = [s for s in shapes if s.kind != "null"]
    if len(rest) == 1:
        return replace(rest[0], nullable=nullable or rest[0].nullable)
    if sorted(s.kind for s in rest) == ["number", "string"] and not any(s.format for s in rest):
        return Shape("decimal", nullable=nullable)
    return Shape("union", nullable=nullable, variants=tuple(rest))


# --- comparing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """``writing``: the DTO is a request body (the service's schema is what it accepts);
    ``sparse``: the DTO reads a sparse answer, where any field may be left out."""

    writing: bool = False
    sparse: bool = False


def differences(service: Shape, dto: Shape, where: str, rules: Rules) -> Iterator[str]:
    """Every way the DTO's shape differs from the service's, one line each."""
    if service.kind == "any":
        return
    if (service.kind, service.format, service.enum) != (dto.kind, dto.format, dto.enum):
        yield f"{where}: the service has {service}, the DTO {dto}"
        return
    if service.nullable != dto.nullable and not (rules.sparse and dto.nullable):
        yield f"{where}: the service has {service}, the DTO {dto}"
    if service.kind == "union" and sorted(map(str, service.variants)) != sorted(
        map(str, dto.variants)
    ):
        yield f"{where}: the service has {service}, the DTO {dto}"
    if service.items is not None and dto.items is not None:
        yield from differences(service.items, dto.items, f"{where}[]", rules)
    if service.kind == "object":
        yield from _field_differences(service, dto, where, rules)


def _field_differences(service: Shape, dto: Shape, where: str, rules: Rules) -> Iterator[str]:
    name = dto.model.__name__ if dto.model else where
    ignored: Mapping[str, str] = getattr(dto.model, "ignored_fields", {})
    for missing in sorted(service.fields.keys() - dto.fields.keys() - ignored.keys()):
        yield (
            f"{name}.{missing}: the service has it ({service.fields[missing].shape}) and the "
            "DTO does not; add it, or list it in ignored_fields with the reason"
        )
    for extra in sorted(dto.fields.keys() - service.fields.keys()):
        yield f"{name}.{extra}: the DTO has it and the service's schema does not"
    for unexplained in sorted(key for key, why in ignored.items() if not why.strip()):
        yield f"{name}.{unexplained}: ignored_fields must say why"
    for stale in sorted(ignored.keys() & dto.fields.keys()):
        yield f"{name}.{stale}: both a field and in ignored_fields"
    for stale in sorted(ignored.keys() - service.fields.keys()):
        yield f"{name}.{stale}: in ignored_fields but not in the service's schema any more"
    for key in sorted(service.fields.keys() & dto.fields.keys()):
        theirs, ours = service.fields[key], dto.fields[key]
        yield from differences(theirs.shape, ours.shape, f"{name}.{key}", rules)
        yield from _presence(theirs.required, ours.required, f"{name}.{key}", rules)


def _presence(service: bool, dto: bool, where: str, rules: Rules) -> Iterator[str]:
    if rules.writing and service != dto:
        need = "requires" if service else "does not require"
        yield f"{where}: the service {need} it, the DTO {'does' if dto else 'does not'}"
    elif not rules.writing and dto and not service and not rules.sparse:
        yield f"{where}: the DTO requires it, the service may leave it out"


def models_in(shape: Shape) -> Iterator[type[BaseModel]]:
    """Every DTO class a shape was read from (to prove each one is checked)."""
    if shape.model is not None:
        yield shape.model
    if shape.items is not None:
        yield from models_in(shape.items)
    for member in shape.fields.values():
        yield from models_in(member.shape)


# --- a real answer against a documented shape --------------------------------------------

PARSERS = {"uuid": uuid.UUID, "date": date.fromisoformat, "date-time": datetime.fromisoformat}
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "map": (dict,),
    "object": (dict,),
}


def answer_problems(value: Any, shape: Shape, where: str, *, sparse: bool = False) -> Iterator[str]:
    """Every way a JSON value differs from a documented shape, one line each: strictly, an
    object holds exactly the documented fields (all the required ones unless ``sparse``)."""
    if shape.kind == "any" or (value is None and shape.nullable):
        return
    if shape.kind == "union":
        if all(list(answer_problems(value, v, where, sparse=sparse)) for v in shape.variants):
            yield f"{where}: {value!r} is none of {shape}"
        return
    if not _is_a(value, shape.kind):
        yield f"{where}: {value!r} is not {shape}"
        return
    if shape.enum is not None and str(value) not in shape.enum:
        yield f"{where}: {value!r} is not {shape}"
    if shape.format in PARSERS:
        try:
            PARSERS[shape.format](value)
        except ValueError:
            yield f"{where}: {value!r} is not {shape}"
    if shape.items is not None:
        children = value.items() if shape.kind == "map" else enumerate(value)
        for key, child in children:
            yield from answer_problems(child, shape.items, f"{where}[{key}]", sparse=sparse)
    if shape.kind == "object":
        yield from _object_problems(value, shape, where, sparse)


def _is_a(value: Any, kind: str) -> bool:
    # bool is an int in Python, not in JSON.
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, JSON_TYPES.get(kind, ()))


def _object_problems(value: dict, shape: Shape, where: str, sparse: bool) -> Iterator[str]:
    for extra in sorted(value.keys() - shape.fields.keys()):
        yield f"{where}.{extra}: sent but not documented"
    for name, member in sorted(shape.fields.items()):
        if name in value:
            yield from answer_problems(value[name], member.shape, f"{where}.{name}", sparse=sparse)
        elif member.required and not sparse:
            yield f"{where}.{name}: documented as required, not sent"
