"""Which request text the guard refuses (pure functions; the API tests show the 422s)."""

from __future__ import annotations

import pytest

from shared.text_guard import (
    NUL_MESSAGE,
    SURROGATE_MESSAGE,
    json_body_problem,
    target_problem,
)


def _fields(problem) -> list[tuple[str, str]]:
    assert problem is not None
    return [(e.field, e.message) for e in problem.errors]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (rb'{"title": "a\u0000b"}', [("title", NUL_MESSAGE)]),
        (rb'{"items": [{"name": "x"}, {"name": "\ud800"}]}', [("items.1.name", SURROGATE_MESSAGE)]),
        (rb'{"a": {"b": ["\uDFFF"]}}', [("a.b.0", SURROGATE_MESSAGE)]),
        (b'{"title": "\xed\xa0\x80"}', [("title", SURROGATE_MESSAGE)]),
        (rb'{"\u0000": 1}', [("body", f"a key {NUL_MESSAGE}")]),
        (rb'["\u0000"]', [("0", NUL_MESSAGE)]),
    ],
)
def test_unstorable_text_anywhere_in_a_json_body_is_named(body: bytes, expected) -> None:
    assert _fields(json_body_problem(body)) == expected


@pytest.mark.parametrize(
    "body",
    [
        rb'{"title": "plain"}',
        rb'{"title": "\ud83d\ude00"}',  # a surrogate pair: one emoji, storable
        rb'{"title": "\\u0000"}',  # an escaped backslash: the text says \u0000
        b'{"title": "caf\xc3\xa9"}',
        b'{"title": "\x00',  # not JSON: the route answers 400
    ],
)
def test_storable_or_unparsable_bodies_pass(body: bytes) -> None:
    assert json_body_problem(body) is None


def test_query_parameters_and_path_are_checked() -> None:
    problem = target_problem("/v1/projects", b"q=a%00b&tag=ok")
    assert _fields(problem) == [("q", NUL_MESSAGE)]
    assert _fields(target_problem("/v1/x\x00", b"")) == [("path", NUL_MESSAGE)]
    assert target_problem("/v1/projects", b"q=%C3%A9t%C3%A9") is None
