"""Every query of the lessons register (statements built in ``statements``): reads by id and
in pages (newest first, or ranked by relevance to a text), the typo look-up in the
vocabulary, the suggestions, and the writes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ARRAY, Table, Uuid, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.lessons import statements
from services.governance.lessons.schemas import LessonFilters
from services.governance.lessons.search import RankPosition
from services.governance.lessons.statements import COLUMNS, LESSONS, SEARCH_VECTOR, filtered
from services.governance.models import Lesson, LessonTerm
from shared.pagination import PageParams
from shared.reads import AnySelect, Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

TERMS: Table = LessonTerm.__table__  # type: ignore[assignment]
NEWEST = SortSpec("-created_at", Lesson.created_at.expression, descending=True)

_GET = Query(select(*COLUMNS).where(Lesson.id == bindparam("lesson_id", type_=Uuid)))
_NEAREST_TERMS = Query(statements.nearest_terms())
_SUGGESTIONS_STATEMENT = statements.suggestions()
_SUGGESTIONS = Query(_SUGGESTIONS_STATEMENT)

# Reads other domains run inside their own transaction take its session; the rest a reader.
LessonSource = Reader | AsyncSession


@dataclass(frozen=True, slots=True)
class RankedSearch:
    """One ranked page: the text, its fuzzy query (if any) and where the page starts."""

    q: str
    fuzzy: str | None
    after: RankPosition | None
    limit: int
    highlight: bool

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"q": self.q, "limit": self.limit}
        if self.fuzzy is not None:
            params["fuzzy"] = self.fuzzy
        if self.after is not None:
            after = self.after
            params |= {
                "after_rank": after.rank,
                "after_created_at": after.created_at,
                "after_id": after.id,
            }
        return params


@dataclass(frozen=True, slots=True)
class SuggestionRequest:
    tags: list[str]
    category: str | None
    text: str | None
    phase: str | None
    exclude_project_id: uuid.UUID | None
    limit: int


class LessonRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()
        self._ranked = QueryCache()

    async def get(self, reader: Reader, lesson_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, lesson_id=lesson_id)

    async def newest(
        self, reader: Reader, page: PageParams, filters: LessonFilters
    ) -> tuple[list[Any], str | None]:
        params = filters.params() | keyset_params(NEWEST, page)
        names = frozenset(params)

        def build() -> AnySelect:
            stmt = filtered(select(*COLUMNS), names)
            return keyset(stmt, NEWEST, Lesson.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get(names, build), **params)
        return page_of(rows, NEWEST, "created_at", page)

    async def ranked(
        self, reader: Reader, search: RankedSearch, filters: LessonFilters
    ) -> list[dict[str, Any]]:
        """Up to ``search.limit`` matches, most relevant first."""
        params = filters.params() | search.params()
        names = frozenset(params)

        def build() -> AnySelect:
            fuzzy, after = "fuzzy" in names, "after_id" in names
            return statements.ranked_page(
                names, fuzzy=fuzzy, after=after, highlight=search.highlight
            )

        query = self._ranked.get((names, search.highlight), build)
        return await reader.all(query, **params)

    async def nearest_terms(self, reader: Reader, q: str) -> list[tuple[str, str | None]]:
        rows = await reader.all(_NEAREST_TERMS, q=q)
        return [(row["word"], row["term"]) for row in rows]

    async def suggestions(
        self, source: LessonSource, request: SuggestionRequest
    ) -> list[dict[str, Any]]:
        params = asdict(request)
        if isinstance(source, Reader):
            return await source.all(_SUGGESTIONS, **params)
        result = await source.execute(_SUGGESTIONS_STATEMENT, params)
        return [dict(row) for row in result.mappings()]

    async def load_for_update(self, session: AsyncSession, lesson_id: uuid.UUID) -> Lesson | None:
        return await session.get(Lesson, lesson_id, with_for_update=True)

    async def add_terms(self, session: AsyncSession, lesson_ids: Sequence[uuid.UUID]) -> None:
        """Adds the words of these (flushed) lessons to the vocabulary, in word order, so
        concurrent writers take the new terms' locks in the same order."""
        lexeme = func.unnest(func.tsvector_to_array(SEARCH_VECTOR)).label("term")
        words = (
            select(lexeme)
            .where(Lesson.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
            .distinct()
            .order_by(lexeme)
        )
        statement = pg_insert(TERMS).from_select(["term"], words).on_conflict_do_nothing()
        await session.execute(statement, {"ids": list(lesson_ids)})

    async def insert_many(self, session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
        """A bulk insert (seeding, imports), vocabulary included; each row carries its id.
        Bypasses the ORM, and so the audit log: for data loads, not for requests."""
        for start in range(0, len(rows), 1000):
            batch = list(rows[start : start + 1000])
            await session.execute(pg_insert(LESSONS), batch)
            await self.add_terms(session, [row["id"] for row in batch])
