"""Text PostgreSQL cannot store, refused at the door with a 422 naming the field.

PostgreSQL ``text`` holds no NUL (U+0000), and UTF-8 has no encoding for an unpaired
surrogate (U+D800 to U+DFFF) that JSON may still spell as ``\\ud800``. Either, in any field
of any request, used to reach the driver and come back as a 500. Checking here, before
routing, covers every route at once: JSON bodies (keys and values, at any depth), query
parameters and the path.

The check of a JSON body costs one scan of its bytes for the few byte patterns that can
produce such text; only a body that has one is parsed (as FastAPI will parse it) and walked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from shared.errors import FieldError, ValidationFailed

MAX_REPORTED = 20
NUL_MESSAGE = "must not contain NUL (U+0000) characters"
SURROGATE_MESSAGE = "must not contain unpaired surrogates (U+D800 to U+DFFF)"

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# The byte patterns of a JSON body that decode to such characters: the escapes ``\u0000``
# and ``\ud800``-``\udfff`` (pairs too: they are told apart after parsing), a raw NUL, and
# raw surrogate bytes (Python's JSON decoder passes those through).
_SUSPECT_JSON = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})|\x00|\xed[\xa0-\xbf]")


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored, or ``None`` when it can."""
    match = _UNSTORABLE.search(text)
    if match is None:
        return None
    return NUL_MESSAGE if match.group() == "\x00" else SURROGATE_MESSAGE


def json_body_problem(body: bytes) -> ValidationFailed | None:
    """The 422 for a JSON body holding unstorable text; ``None`` for a clean body, and for
    one that is not JSON at all (the route answers that with its 400)."""
    if _SUSPECT_JSON.search(body) is None:
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return _problem("The request body", _walk(document))


def target_problem(path: str, query_string: bytes) -> ValidationFailed | None:
    """The 422 for a path or query parameter holding unstorable text."""
    errors: list[FieldError] = []
    reason = unstorable(path)
    if reason is not None:
        errors.append(FieldError("path", reason))
    if b"%00" in query_string or b"\x00" in query_string:
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
        errors.extend(_query_errors(pairs))
    return _problem("The request", iter(errors))


def _query_errors(pairs: list[tuple[str, str]]) -> Iterator[FieldError]:
    for name, value in pairs:
        reason = unstorable(name) or unstorable(value)
        if reason is not None:
            yield FieldError(name.replace("\x00", "\\u0000"), reason)


def _walk(document: Any) -> Iterator[FieldError]:
    """Every unstorable key or string in a parsed JSON document, with its dotted path
    (the ``field`` convention of the validation problems)."""
    pending: list[tuple[tuple[str, ...], Any]] = [((), document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            reason = unstorable(value)
            if reason is not None:
                yield FieldError(_dotted(path), reason)
        elif isinstance(value, dict):
            for key, item in value.items():
                reason = unstorable(key)
                if reason is not None:
                    yield FieldError(_dotted(path) or "body", f"a key {reason}")
                pending.append(((*path, key), item))
        elif isinstance(value, list):
            pending.extend(((*path, str(i)), item) for i, item in enumerate(value))


def _dotted(path: tuple[str, ...]) -> str:
    # A key is reported by position when it is itself unstorable (it cannot be echoed).
    return ".".join(part if unstorable(part) is None else "?" for part in path)


def _problem(what: str, found: Iterator[FieldError]) -> ValidationFailed | None:
    errors = []
    for error in found:
        errors.append(error)
        if len(errors) == MAX_REPORTED:
            break
    if not errors:
        return None
    errors.sort(key=lambda e: e.field)
    return ValidationFailed(
        f"{what} holds text that cannot be stored: NUL characters or unpaired surrogates.",
        errors=errors,
    )
