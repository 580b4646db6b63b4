"""JSON bodies nested too deep, or holding numbers nothing can store, refused at the door
with a 422.

Python's JSON decoder gives up on deep nesting with a ``RecursionError`` (the route then
answers a bare 400), and a little less depth still makes validation recurse far. No write
schema of ours nests more than a handful of levels, free-form ``jsonb`` fields included, so
a body nested deeper than :data:`MAX_DEPTH` is refused before it is parsed.

Numbers: ``1e400`` decodes to an infinite float (and ``NaN``/``Infinity``, which Python
accepts, to non-finite ones) that a float field takes and PostgreSQL's ``jsonb`` refuses;
``10**400`` is an integer no column holds. A JSON number must be finite, and an integer
fit in 64 bits. Only a body with a long run of digits, a 3-digit exponent or one of those
words is parsed for them (strings hold such text too: the parse tells them apart).

The depth check costs two counts of bytes for every body; only a body with more than
:data:`MAX_DEPTH` opening brackets in all is scanned for its depth (strings skipped).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from shared.errors import FieldError, ValidationFailed

MAX_DEPTH = 64
DEPTH_MESSAGE = f"must not nest arrays and objects more than {MAX_DEPTH} levels deep"

NUMBER_MESSAGE = "must be a finite number (an integer within 64 bits)"
INT64 = 2**63 - 1
MAX_REPORTED = 20

_SUSPECT_NUMBER = re.compile(rb"[0-9]{19,}|[eE][+-]?[0-9]{3,}|NaN|Infinity")
# A string runs to its closing quote, or (unclosed, in a malformed body) to the end of the
# body: without the second choice a body of many escaped quotes and no closing one makes the
# search start again at every quote, quadratic time for an unauthenticated caller.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*(?:"|\Z)', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def depth_exceeds(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether a JSON text nests arrays/objects deeper than ``limit`` (outside strings)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b"", body)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def json_depth_problem(body: bytes) -> ValidationFailed | None:
    """The 422 for a JSON body nested deeper than :data:`MAX_DEPTH`; ``None`` otherwise."""
    if not depth_exceeds(body):
        return None
    return ValidationFailed(
        "The request body is nested too deep.", errors=[FieldError("body", DEPTH_MESSAGE)]
    )


class _Unstorable:
    """A number as it was spelled in the body, too large or not finite."""

    def __init__(self, text: str) -> None:
        self.text = text


def _float(text: str) -> float | _Unstorable:
    value = float(text)
    return value if math.isfinite(value) else _Unstorable(text)


def _int(text: str) -> int | _Unstorable:
    if len(text.lstrip("-")) > 19:
        return _Unstorable(text)
    value = int(text)
    return value if -INT64 - 1 <= value <= INT64 else _Unstorable(text)


def json_number_problem(body: bytes) -> ValidationFailed | None:
    """The 422 for a JSON body holding a non-finite number or an integer beyond 64 bits;
    ``None`` for a clean body and for one that is not JSON (the route answers its 400)."""
    if _SUSPECT_NUMBER.search(body) is None:
        return None
    try:
        document = json.loads(body, parse_float=_float, parse_int=_int, parse_constant=_Unstorable)
    except (ValueError, RecursionError):
        return None
    errors = []
    for path in _unstorable_numbers(document):
        errors.append(FieldError(".".join(path) or "body", NUMBER_MESSAGE))
        if len(errors) == MAX_REPORTED:
            break
    if not errors:
        return None
    errors.sort(key=lambda e: e.field)
    return ValidationFailed("The request body holds a number out of range.", errors=errors)


def _unstorable_numbers(document: Any) -> Iterator[tuple[str, ...]]:
    pending: list[tuple[tuple[str, ...], Any]] = [((), document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, _Unstorable):
            yield path
        elif isinstance(value, dict):
            pending.extend(((*path, str(key)), item) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, str(i)), item) for i, item in enumerate(value))
