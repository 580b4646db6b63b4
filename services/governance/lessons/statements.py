"""The SELECTs the lessons repository runs, as SQLAlchemy Core: the filters, the ranked page,
the typo look-up in the vocabulary and the suggestions. Built here, run only by
``repository``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    any_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal_column,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION, TSQUERY

from services.governance.lessons.search import ALTERNATIVES_PER_WORD, FUZZY_WEIGHT
from services.governance.models import Lesson, LessonTerm
from shared.reads import AnySelect

LESSONS: Table = Lesson.__table__  # type: ignore[assignment]
SEARCH_VECTOR: ColumnElement[str] = LESSONS.c.search_vector
# Everything a lesson reads as, without its search vector.
COLUMNS = tuple(c for c in LESSONS.c if c.key != "search_vector")
ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
HEADLINE_OPTIONS = "MaxFragments=2, MinWords=5, MaxWords=20, FragmentDelimiter=' … '"

# How a suggestion's score is made (the weights add up to 1).
TAG_WEIGHT, CATEGORY_WEIGHT, TEXT_WEIGHT, PHASE_WEIGHT = 0.45, 0.2, 0.3, 0.05


def filtered(stmt: AnySelect, names: frozenset[str]) -> AnySelect:
    """``stmt`` restricted by the filters named (the parameters given)."""
    c = LESSONS.c
    if "categories" in names:
        stmt = stmt.where(c.category == any_(bindparam("categories", type_=ARRAY(String))))
    if "tags" in names:  # every tag asked for
        stmt = stmt.where(
            c.tags.op("@>", is_comparison=True)(bindparam("tags", type_=ARRAY(String)))
        )
    if "phase" in names:
        stmt = stmt.where(func.lower(c.phase) == func.lower(bindparam("phase", type_=String)))
    if "source_project_id" in names:
        stmt = stmt.where(c.source_project_id == bindparam("source_project_id", type_=Uuid))
    if "impacts" in names:
        stmt = stmt.where(c.impact == any_(bindparam("impacts", type_=ARRAY(String))))
    if "outcomes" in names:
        stmt = stmt.where(c.outcome == any_(bindparam("outcomes", type_=ARRAY(String))))
    if "ids" in names:
        stmt = stmt.where(c.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
    return stmt


def _rank(query: ColumnElement[Any]) -> ColumnElement[float]:
    # Normalization 32: rank / (rank + 1), from 0 to 1 whatever the document's length.
    return cast(func.ts_rank_cd(SEARCH_VECTOR, query, 32), DOUBLE_PRECISION)


def ranked_page(names: frozenset[str], *, fuzzy: bool, after: bool, highlight: bool) -> AnySelect:
    """``:limit`` lessons matching ``:q`` (or ``:fuzzy``), most relevant first, after the
    row ``:after_*`` when ``after``; see ``search`` for the ranking."""
    exact: ColumnElement[Any] = func.websearch_to_tsquery(ENGLISH, bindparam("q", type_=Text))
    rank = _rank(exact)
    match: ColumnElement[bool] = SEARCH_VECTOR.op("@@")(exact)
    query = exact
    if fuzzy:
        alternative = cast(bindparam("fuzzy", type_=Text), TSQUERY)
        rank = rank + FUZZY_WEIGHT * _rank(alternative)
        match = match | SEARCH_VECTOR.op("@@")(alternative)
        query = exact.op("||")(alternative)
    hits = filtered(select(*COLUMNS, rank.label("rank")).where(match), names).subquery("hits")
    key = (hits.c.rank, hits.c.created_at, hits.c.id)
    page = select(hits)
    if after:
        start = (
            bindparam("after_rank", type_=DOUBLE_PRECISION),
            bindparam("after_created_at", type_=DateTime(timezone=True)),
            bindparam("after_id", type_=Uuid),
        )
        page = page.where(tuple_(*key) < tuple_(*start))
    page = page.order_by(*(k.desc() for k in key)).limit(bindparam("limit", type_=Integer))
    return _with_headlines(page, query) if highlight else page


def _with_headlines(page: AnySelect, query: ColumnElement[Any]) -> AnySelect:
    # ts_headline parses each document again: only for the rows of the page.
    rows = page.subquery("page")
    text = (rows.c.title, rows.c.recommendation, rows.c.root_cause, rows.c.context)
    document = func.concat_ws(" … ", *text, rows.c.what_happened)
    headline = func.ts_headline(ENGLISH, document, query, HEADLINE_OPTIONS)
    order = (rows.c.rank.desc(), rows.c.created_at.desc(), rows.c.id.desc())
    return select(rows, headline.label("headline")).order_by(*order)


def nearest_terms() -> AnySelect:
    """Each word of ``:q`` (as search stems it) with the known words nearest to it by
    trigram similarity (itself first, when known), or one row with NULL."""
    words = (
        func.unnest(func.tsvector_to_array(func.to_tsvector(ENGLISH, bindparam("q", type_=Text))))
        .table_valued("word")
        .render_derived("words")
    )
    term = LessonTerm.term.expression
    near = (
        select(term)
        .where(term.op("%")(words.c.word))
        .order_by(term.op("<->")(words.c.word), term)
        .limit(ALTERNATIVES_PER_WORD)
        .lateral("near")
    )
    return select(words.c.word, near.c.term).select_from(words.outerjoin(near, true()))


def suggestions() -> AnySelect:
    """Up to ``:limit`` lessons sharing a tag of ``:tags``, the category ``:category`` or
    words of ``:text`` (any of them), none from ``:exclude_project_id``, best first; the
    phase ``:phase`` adds a little. Null parameters match nothing."""
    c = LESSONS.c
    tags = bindparam("tags", type_=ARRAY(String))
    tag = func.unnest(c.tags).table_valued("tag").render_derived("lesson_tags")
    shared = select(func.count()).select_from(tag).where(tag.c.tag == any_(tags))
    tag_share = cast(shared.scalar_subquery(), Float) / func.greatest(func.cardinality(tags), 1)
    same_category = func.coalesce(c.category == bindparam("category", type_=String), false())
    phase = bindparam("phase", type_=String)
    same_phase = func.coalesce(func.lower(c.phase) == func.lower(phase), false())
    # Any word of the text, not all: plainto_tsquery's '&' become '|'.
    words = cast(func.plainto_tsquery(ENGLISH, bindparam("text", type_=Text)), Text)
    text_query = cast(func.replace(words, " & ", " | "), TSQUERY)
    text_rank = func.coalesce(_rank(text_query), 0.0)
    score = (
        TAG_WEIGHT * tag_share
        + CATEGORY_WEIGHT * case((same_category, 1.0), else_=0.0)
        + TEXT_WEIGHT * text_rank
        + PHASE_WEIGHT * case((same_phase, 1.0), else_=0.0)
    )
    relevant = (
        c.tags.op("&&", is_comparison=True)(tags)
        | same_category
        | SEARCH_VECTOR.op("@@")(text_query)
    )
    # Lessons of no project, or of another one (a null parameter excludes nothing).
    exclude = bindparam("exclude_project_id", type_=Uuid)
    not_excluded = func.coalesce(c.source_project_id != exclude, true())
    stmt = select(
        *COLUMNS,
        cast(score, DOUBLE_PRECISION).label("score"),
        same_category.label("same_category"),
        same_phase.label("same_phase"),
        text_rank.label("text_rank"),
    ).where(relevant, not_excluded)
    score_first: ColumnElement[Any] = literal_column("score").desc()
    stmt = stmt.order_by(score_first, c.created_at.desc(), c.id.desc())
    return stmt.limit(bindparam("limit", type_=Integer))
