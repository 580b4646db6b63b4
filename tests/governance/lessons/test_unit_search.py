"""The pure parts of lessons search: the fuzzy query, tsquery quoting, ranked cursors and
safe headlines (no database)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.governance.lessons.search import (
    MATCH_START,
    MATCH_STOP,
    fuzzy_query,
    headline_html,
    rank_cursor_values,
    rank_position,
    tsquery_lexeme,
)
from shared.errors import ValidationFailed


def test_every_word_known_needs_no_fuzzy_query() -> None:
    assert fuzzy_query([("schedul", "schedul"), ("slip", "slip"), ("slip", "slipp")]) is None


def test_unknown_words_become_the_known_words_near_them() -> None:
    rows = [("baselin", "baselin"), ("shedul", "schedul"), ("shedul", "shed")]
    assert fuzzy_query(rows) == "('baselin') & ('schedul' | 'shed')"


def test_unknown_words_with_nothing_near_are_left_out() -> None:
    assert fuzzy_query([("budget", "budget"), ("xyzzi", None)]) == "('budget')"
    assert fuzzy_query([("xyzzi", None)]) is None


def test_lexemes_are_quoted_for_tsquery_input() -> None:
    assert tsquery_lexeme("it's") == "'it''s'"
    assert tsquery_lexeme("a\\b") == "'a\\\\b'"


def test_a_ranked_cursor_round_trips_and_belongs_to_its_query() -> None:
    row = {"rank": 0.1 + 0.2, "created_at": datetime(2026, 1, 2, 3, 4, 5, 6, UTC)}
    row["id"] = uuid.uuid4()
    values = rank_cursor_values("plan", row)
    position = rank_position("plan", values)
    assert (position.rank, position.created_at, position.id) == (
        row["rank"],
        row["created_at"],
        row["id"],
    )
    with pytest.raises(ValidationFailed):
        rank_position("other", values)


@pytest.mark.parametrize(
    "values",
    [
        ["-created_at", "2026-01-01T00:00:00+00:00", str(uuid.uuid4())],
        ["rank", None, 0.5, "2026-01-01T00:00:00+00:00", str(uuid.uuid4())],
        ["rank", "FP", "x", "2026-01-01T00:00:00+00:00", str(uuid.uuid4())],
        ["rank", "FP", float("nan"), "2026-01-01T00:00:00+00:00", str(uuid.uuid4())],
        ["rank", "FP", True, "2026-01-01T00:00:00+00:00", str(uuid.uuid4())],
        ["rank", "FP", 0.5, "2026-01-01T00:00:00", str(uuid.uuid4())],
        ["rank", "FP", 0.5, "2026-01-01T00:00:00+00:00", "not-a-uuid"],
    ],
)
def test_forged_ranked_cursors_are_refused(values: list) -> None:
    from services.governance.lessons.search import query_fingerprint

    cursor = [query_fingerprint("plan") if v == "FP" else v for v in values]
    with pytest.raises(ValidationFailed):
        rank_position("plan", cursor)


def test_headlines_are_safe_html() -> None:
    raw = f"<i>x</i> & {MATCH_START}plan{MATCH_STOP}"
    assert headline_html(raw) == "&lt;i&gt;x&lt;/i&gt; &amp; <b>plan</b>"
    assert headline_html(None) is None


def test_a_similarity_query_takes_the_rarest_known_words() -> None:
    from services.governance.lessons.search import MAX_TEXT_WORDS, similarity_query

    words = [("data", True, 0.4), ("kalomar", True, None), ("ghost", False, None)]
    words += [("migrat", True, 0.02), ("train", True, 0.3)]
    # Two telling words, topped up to three with the rarest common one; unknown ones dropped.
    assert similarity_query(words) == "'kalomar' | 'migrat' | 'train'"
    many = [(f"w{i:02}", True, None) for i in range(20)]
    assert similarity_query(many) == " | ".join(f"'w{i:02}'" for i in range(MAX_TEXT_WORDS))
    assert similarity_query([("ghost", False, None)]) is None
    assert similarity_query([]) is None
