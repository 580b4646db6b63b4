"""Request bodies for the poisoned-write fuzz: a valid-shaped instance of an operation's
JSON schema (a small schema walker over the OpenAPI document, as Hypothesis strategies),
then one poison put into it as raw JSON text, so the bytes sent can hold what no Python
value serializes to (``\\ud800`` escapes, invalid UTF-8, ``1e400``, 10,000 levels of
nesting)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

Schema = dict[str, Any]
Path = tuple[str | int, ...]

SENTINEL = "@@poison-7f3a@@"
DEEP = 10_000
OVERSIZE = 200_000


@dataclass(frozen=True)
class Leaf:
    path: Path
    schema: Schema


@dataclass(frozen=True)
class Poison:
    """A kind of poison: the raw JSON text it puts in place of a value, and the answers it
    may get (422 for a value that cannot be stored or read; 400 for bytes that are not
    JSON at all, RFC 8259: a raw control character or invalid UTF-8 inside a string)."""

    kind: str
    fragment: bytes
    expected: frozenset[int]
    targets: str  # "string" | "number" | "any"


UNPROCESSABLE = frozenset({422})
MALFORMED = frozenset({400})
POISONS = [
    Poison("nul_escape", b'"a\\u0000b"', UNPROCESSABLE, "string"),
    Poison("surrogate_escape_high", b'"x\\ud800y"', UNPROCESSABLE, "string"),
    Poison("surrogate_escape_low", b'"\\udfff"', UNPROCESSABLE, "string"),
    Poison("surrogate_raw_bytes", b'"a\xed\xa0\x80b"', UNPROCESSABLE, "string"),
    Poison("nul_raw_byte", b'"a\x00b"', MALFORMED, "string"),
    Poison("invalid_utf8", b'"a\xff\xfeb"', MALFORMED, "string"),
    Poison("huge_float", b"1e400", UNPROCESSABLE, "number"),
    Poison("huge_negative_float", b"-1e400", UNPROCESSABLE, "number"),
    Poison("huge_int", b"1" + b"0" * 400, UNPROCESSABLE, "number"),
    Poison("huge_negative_int", b"-1" + b"0" * 400, UNPROCESSABLE, "number"),
    Poison("deep_arrays", b"[" * DEEP + b"]" * DEEP, UNPROCESSABLE, "any"),
    Poison("deep_objects", b'{"a":' * DEEP + b"1" + b"}" * DEEP, UNPROCESSABLE, "any"),
]
WRONG_TYPE = "wrong_type"
OVERSIZE_STRING = "oversize_string"
KINDS = [p.kind for p in POISONS] + [WRONG_TYPE, OVERSIZE_STRING]
BY_KIND = {p.kind: p for p in POISONS}


class Resolver:
    def __init__(self, document: Schema) -> None:
        self.document = document

    def __call__(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            ref = schema["$ref"]
            node: Any = self.document
            for part in ref.removeprefix("#/").split("/"):
                node = node[part]
            schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema


def _types(schema: Schema) -> set[str]:
    """The JSON types a schema admits (all of them when it says nothing)."""
    everything = {"string", "number", "integer", "boolean", "array", "object", "null"}
    if "const" in schema or "enum" in schema:
        values = [schema["const"]] if "const" in schema else schema["enum"]
        return {_json_type(v) for v in values}
    for key in ("anyOf", "oneOf"):
        if key in schema:
            found: set[str] = set()
            for option in schema[key]:
                found |= _types(option)
            return found
    if "allOf" in schema:
        return _types(schema["allOf"][0]) if schema["allOf"] else everything
    declared = schema.get("type")
    if declared is None:
        return {"object"} if "properties" in schema else everything
    found = {declared} if isinstance(declared, str) else set(declared)
    if "integer" in found:
        found.add("number")
    return found


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


class Walker:
    """Draws a valid-shaped instance of a schema, noting each leaf's path and schema."""

    def __init__(self, resolve: Resolver, draw: Any) -> None:
        self.resolve = resolve
        self.draw = draw
        self.leaves: list[Leaf] = []

    def value(self, raw: Schema, path: Path, depth: int = 0) -> Any:
        schema = self.resolve(raw)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [self.resolve(o) for o in schema[key]]
                non_null = [o for o in options if o.get("type") != "null"] or options
                chosen = self.draw(st.sampled_from(non_null))
                self.leaves.append(Leaf(path, {**schema, key: options}))
                return self.value(chosen, path, depth)
        if schema.get("allOf"):
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            return self.value({**self.resolve(schema["allOf"][0]), **merged}, path, depth)
        kind = self._kind(schema)
        if kind == "object":
            return self._object(schema, path, depth)
        if kind == "array":
            return self._array(schema, path, depth)
        self.leaves.append(Leaf(path, schema))
        return self._scalar(schema, kind)

    def _kind(self, schema: Schema) -> str:
        if "const" in schema:
            return "const"
        if "enum" in schema:
            return "enum"
        declared = schema.get("type")
        if isinstance(declared, list):
            declared = next((t for t in declared if t != "null"), "null")
        if declared is None:
            return "object" if "properties" in schema else "string"
        return str(declared)

    def _object(self, schema: Schema, path: Path, depth: int) -> dict[str, Any]:
        properties: dict[str, Schema] = schema.get("properties", {})
        if path:
            self.leaves.append(Leaf(path, schema))
        if not properties or schema.get("additionalProperties"):
            # A free-form object (stored as jsonb): a key of its own to poison.
            self.leaves.append(Leaf((*path, "poisoned_key"), {}))
        required = set(schema.get("required", []))
        optional = sorted(set(properties) - required)
        extra = st.lists(st.sampled_from(optional), unique=True) if optional and depth < 3 else None
        chosen = required | set(self.draw(extra) if extra is not None else [])
        return {
            name: self.value(properties[name], (*path, name), depth + 1) for name in sorted(chosen)
        }

    def _array(self, schema: Schema, path: Path, depth: int) -> list[Any]:
        self.leaves.append(Leaf(path, schema))
        low = schema.get("minItems", 0)
        count = self.draw(st.integers(low, max(low, min(schema.get("maxItems", 2), 2))))
        items = schema.get("items", {})
        return [self.value(items, (*path, i), depth + 1) for i in range(count)]

    def _scalar(self, schema: Schema, kind: str) -> Any:
        if kind == "const":
            return schema["const"]
        if kind == "enum":
            return self.draw(st.sampled_from(schema["enum"]))
        if kind == "boolean":
            return self.draw(st.booleans())
        if kind == "null":
            return None
        if kind in ("integer", "number"):
            return self._number(schema, kind)
        return self._string(schema)

    def _number(self, schema: Schema, kind: str) -> int | float:
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        high = schema.get("maximum", schema.get("exclusiveMaximum", low + 100))
        if kind == "integer":
            return self.draw(st.integers(int(low) + 1, max(int(low) + 1, int(high) - 1)))
        return self.draw(st.floats(float(low), float(high), exclude_min=True, exclude_max=True))

    def _string(self, schema: Schema) -> str:
        fmt = schema.get("format")
        if fmt == "uuid":
            return str(self.draw(st.uuids()))
        if fmt == "date":
            return self.draw(st.dates()).isoformat()
        if fmt == "date-time":
            return self.draw(st.datetimes()).isoformat() + "+00:00"
        if fmt == "email":
            return "someone@example.com"
        if fmt in ("uri", "url"):
            return "https://example.com/x"
        low = schema.get("minLength", 1)
        high = max(low, min(schema.get("maxLength", 12), 12))
        alphabet = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
        return self.draw(st.text(alphabet, min_size=low, max_size=high))


def wrong_value(schema: Schema) -> Any | None:
    """A value of a JSON type the schema does not admit (None when it admits every type)."""
    admitted = _types(schema)
    for kind, value in (
        ("object", {"poison": [1, 2]}),
        ("array", [{"poison": True}]),
        ("number", 12345),
        ("boolean", True),
    ):
        if kind not in admitted and not (kind == "boolean" and "string" in admitted):
            return value
    return None


def put(document: Any, path: Path, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {**document, str(head): put(document.get(str(head)), rest, value)}
    copy = list(document)
    copy[int(head)] = put(copy[int(head)], rest, value)
    return copy


def encode(document: Any, fragment: bytes | None = None) -> bytes:
    body = json.dumps(document, separators=(",", ":")).encode()
    if fragment is None:
        return body
    return body.replace(json.dumps(SENTINEL).encode(), fragment, 1)


def leaves_for(leaves: list[Leaf], targets: str) -> list[Leaf]:
    if targets == "any":
        return leaves
    wanted = {"string"} if targets == "string" else {"number", "integer"}
    return [leaf for leaf in leaves if _types(leaf.schema) & wanted] or leaves
