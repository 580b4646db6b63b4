"""Which JSON bodies the guard refuses for their depth or numbers (pure functions; the
poisoned-write fuzz in tests/faults shows the 422s through every write operation)."""

from __future__ import annotations

import pytest

from shared.json_limits import (
    DEPTH_MESSAGE,
    MAX_DEPTH,
    NUMBER_MESSAGE,
    json_depth_problem,
    json_number_problem,
)


def _fields(problem) -> list[tuple[str, str]]:
    assert problem is not None
    return [(e.field, e.message) for e in problem.errors]


@pytest.mark.parametrize(
    "body",
    [b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 100 + b"1" + b"}" * 100, b"[" * (MAX_DEPTH + 1)],
)
def test_deep_nesting_is_refused(body: bytes) -> None:
    assert _fields(json_depth_problem(body)) == [("body", DEPTH_MESSAGE)]


@pytest.mark.parametrize(
    "body",
    [
        b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,
        b'{"text": "' + b"[" * 1000 + b'"}',  # brackets inside a string are text
        b'{"items": [' + b'{"a": [1]},' * 500 + b"{}]}",  # many, but shallow
    ],
)
def test_shallow_bodies_pass(body: bytes) -> None:
    assert json_depth_problem(body) is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"cost": 1e400}', "cost"),
        (b'{"cost": -1e400}', "cost"),
        (b'{"n": ' + b"1" + b"0" * 400 + b"}", "n"),
        (b'{"items": [{"n": -' + b"9" * 30 + b"}]}", "items.0.n"),
        (b'{"n": 9223372036854775808}', "n"),
        (b'{"x": NaN}', "x"),
        (b'{"x": -Infinity}', "x"),
        (b"[1, 1e999]", "1"),
    ],
)
def test_numbers_nothing_stores_are_refused(body: bytes, field: str) -> None:
    assert _fields(json_number_problem(body)) == [(field, NUMBER_MESSAGE)]


@pytest.mark.parametrize(
    "body",
    [
        b'{"n": 9223372036854775807, "m": -9223372036854775808}',
        b'{"x": 1e300, "y": 12345678901234567890.5}',
        b'{"text": "NaN Infinity 1e400 12345678901234567890123"}',
        b'{"n": 1e400',  # not JSON: the route answers 400
    ],
)
def test_storable_or_unparsable_numbers_pass(body: bytes) -> None:
    assert json_number_problem(body) is None


def test_an_unclosed_string_runs_to_the_end_of_the_body_in_one_match() -> None:
    """Strings were skipped with a pattern that needed a closing quote: for a body of many
    escaped quotes and none closing, the search started again at every quote (quadratic: a
    24 KB body held the event loop 2.2 s, a 1 MB one about an hour). An unclosed string now
    is one match to the end of the body, so the scan is one pass."""
    from shared.json_limits import _STRING, depth_exceeds

    body = b"[" * (MAX_DEPTH + 6) + b'"' + b'a\\"' * 250_000
    assert len(_STRING.findall(body)) == 1
    assert _STRING.sub(b"", body) == b"[" * (MAX_DEPTH + 6)
    assert depth_exceeds(body)
