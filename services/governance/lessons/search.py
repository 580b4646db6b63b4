"""The pure parts of lessons search: the typo-tolerant query and the cursor of ranked pages.

Search runs two queries of the same words. The exact one is ``websearch_to_tsquery`` of the
text as typed (quotes, ``or`` and ``-`` work). The fuzzy one exists only when a word of the
text is in no lesson: each such word is replaced by the known words closest to it by
trigram similarity (``shedule`` -> ``schedul``), the known words are kept, and all are
ANDed. A lesson's rank is its exact rank plus :data:`FUZZY_WEIGHT` times its fuzzy rank, so
what matches as typed comes first and a title match outranks a body match either way.

Ranked pages are cut by keyset on (rank, created_at, id), all descending: a cursor names the
last row's values and the query they belong to, so the next page starts exactly after it
(no row twice, none skipped) even while lessons are added; OFFSET would shift under
inserts. Ranks are computed for every match on every page either way (no index orders by
relevance), so keyset costs nothing more.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.errors import FieldError, ValidationFailed

FUZZY_WEIGHT = 0.5
# Known words tried in place of an unknown one, closest first.
ALTERNATIVES_PER_WORD = 3
RANK_SORT = "rank"


def tsquery_lexeme(term: str) -> str:
    """``term`` as one quoted lexeme of tsquery input (taken as is: no stemming again)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def fuzzy_query(nearest: Iterable[tuple[str, str | None]]) -> str | None:
    """The fuzzy tsquery text from (query word, a known word near it or None) rows, or None
    when every word is known as it is (the exact query says it all) or nothing is near.

    Unknown words with no known word near them are left out: the rest still finds lessons."""
    groups: dict[str, list[str]] = {}
    for word, term in nearest:
        found = groups.setdefault(word, [])
        if term is not None and term not in found:
            found.append(term)
    if all(word in terms for word, terms in groups.items()):
        return None
    clauses = []
    for word, terms in groups.items():
        chosen = [word] if word in terms else terms[:ALTERNATIVES_PER_WORD]
        if chosen:
            clauses.append("(" + " | ".join(tsquery_lexeme(t) for t in chosen) + ")")
    return " & ".join(clauses) or None


def query_fingerprint(q: str) -> str:
    """Ties a ranked cursor to its query: ranks of another query do not continue it."""
    return hashlib.sha256(q.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class RankPosition:
    """Where the next ranked page starts: after this row."""

    rank: float
    created_at: datetime
    id: uuid.UUID


def rank_cursor_values(q: str, row: dict[str, Any]) -> list[Any]:
    return [
        RANK_SORT,
        query_fingerprint(q),
        row["rank"],
        row["created_at"].isoformat(),
        str(row["id"]),
    ]


def rank_position(q: str, cursor: list[Any]) -> RankPosition:
    """The position a ranked cursor names; 422 for a cursor of another query or order."""
    if len(cursor) != 5 or cursor[0] != RANK_SORT:
        raise _bad_cursor("the cursor belongs to another listing: request the first page again")
    _, fingerprint, rank, created_at, last_id = cursor
    if fingerprint != query_fingerprint(q):
        raise _bad_cursor("the cursor belongs to another q: request the first page again")
    try:
        if isinstance(rank, bool) or not isinstance(rank, int | float) or not math.isfinite(rank):
            raise ValueError("rank")
        moment = datetime.fromisoformat(str(created_at))
        if moment.tzinfo is None:
            raise ValueError("offset")
        return RankPosition(float(rank), moment, uuid.UUID(str(last_id)))
    except ValueError as exc:
        raise _bad_cursor("not a cursor from this API") from exc


def _bad_cursor(message: str) -> ValidationFailed:
    return ValidationFailed("The cursor is not valid.", errors=[FieldError("cursor", message)])
