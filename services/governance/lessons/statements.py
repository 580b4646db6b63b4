"""The SELECTs the lessons repository runs, as SQLAlchemy Core: the filters, the ranked page,
the typo look-up in the vocabulary and the suggestions. Built here, run only by
``repository``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    CTE,
    BindParameter,
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
    column,
    false,
    func,
    literal_column,
    select,
    table,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION, TSQUERY
from sqlalchemy.sql.selectable import TableValuedAlias

from services.governance.lessons.search import (
    ALTERNATIVES_PER_WORD,
    FUZZY_WEIGHT,
    HEADLINE_OPTIONS,
)
from services.governance.models import Lesson, LessonTerm
from shared.reads import AnySelect

LESSONS: Table = Lesson.__table__  # type: ignore[assignment]
SEARCH_VECTOR: ColumnElement[str] = LESSONS.c.search_vector
# Everything a lesson reads as, without its search vector.
COLUMNS = tuple(c for c in LESSONS.c if c.key != "search_vector")
ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
HEADLINE_FIELDS = ("title", "recommendation", "root_cause", "context", "what_happened")

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


def _matches(query: ColumnElement[Any]) -> ColumnElement[bool]:
    return SEARCH_VECTOR.op("@@", is_comparison=True)(query)


def _rank(query: ColumnElement[Any]) -> ColumnElement[float]:
    # Normalization 32: rank / (rank + 1), from 0 to 1 whatever the document's length.
    return cast(func.ts_rank_cd(SEARCH_VECTOR, query, 32), DOUBLE_PRECISION)


def _once(name: str, **columns: ColumnElement[Any]) -> CTE:
    """The queries parsed from the parameters, computed once per statement: in a prepared
    statement's generic plan, ``websearch_to_tsquery($1)`` in a WHERE would be parsed again
    for every row (measured: 28 ms instead of 5 ms for a word in 1,400 of 10,000 lessons)."""
    values = select(*(value.label(key) for key, value in columns.items()))
    return values.cte(name).prefix_with("MATERIALIZED")


@dataclass(frozen=True, slots=True)
class _Relevance:
    search: CTE  # the parsed queries
    query: ColumnElement[Any]  # what a lesson matched (for headlines)
    match: ColumnElement[bool]
    rank: ColumnElement[float]


def _relevance(fuzzy: bool) -> _Relevance:
    """``:q`` as typed, plus ``:fuzzy`` (its misspelt words replaced) when ``fuzzy``."""
    queries: dict[str, ColumnElement[Any]] = {
        "exact": func.websearch_to_tsquery(ENGLISH, bindparam("q", type_=Text))
    }
    if fuzzy:
        queries["fuzzy"] = cast(bindparam("fuzzy", type_=Text), TSQUERY)
    search = _once("search", **queries)
    query: ColumnElement[Any] = search.c.exact
    if not fuzzy:
        return _Relevance(search, query, _matches(query), _rank(query))
    return _Relevance(
        search,
        query.op("||")(search.c.fuzzy),
        _matches(query) | _matches(search.c.fuzzy),
        _rank(query) + FUZZY_WEIGHT * _rank(search.c.fuzzy),
    )


def ranked_page(names: frozenset[str], *, fuzzy: bool, after: bool, highlight: bool) -> AnySelect:
    """``:limit`` lessons matching ``:q`` (or ``:fuzzy``), most relevant first, after the
    row ``:after_*`` when ``after``; see ``search`` for the ranking.

    Ranks and sorts narrow rows (id, time, rank), then reads the page's lessons by id:
    sorting every match with all its text measured ~15% slower."""
    c, relevance = LESSONS.c, _relevance(fuzzy)
    ranked = select(c.id, c.created_at, relevance.rank.label("rank"))
    ranked = ranked.select_from(LESSONS.join(relevance.search, true())).where(relevance.match)
    hits = filtered(ranked, names).subquery("hits")
    key = (hits.c.rank, hits.c.created_at, hits.c.id)
    page = select(hits)
    if after:
        start = (
            bindparam("after_rank", type_=DOUBLE_PRECISION),
            bindparam("after_created_at", type_=DateTime(timezone=True)),
            bindparam("after_id", type_=Uuid),
        )
        page = page.where(tuple_(*key) < tuple_(*start))
    top = page.order_by(*(k.desc() for k in key)).limit(bindparam("limit", type_=Integer))
    rows = top.subquery("top")
    lessons = rows.join(LESSONS, c.id == rows.c.id)
    columns: list[ColumnElement[Any]] = [*COLUMNS, rows.c.rank]
    if highlight:
        # ts_headline parses each document again: only for the rows of the page.
        fields = (func.nullif(c[name], "") for name in HEADLINE_FIELDS)  # no empty excerpts
        document = func.concat_ws(" … ", *fields)
        headline = func.ts_headline(ENGLISH, document, relevance.query, HEADLINE_OPTIONS)
        columns.append(headline.label("headline"))
        lessons = lessons.join(relevance.search, true())
    order = (rows.c.rank.desc(), rows.c.created_at.desc(), rows.c.id.desc())
    return select(*columns).select_from(lessons).order_by(*order)


def _words_of(parameter: str) -> TableValuedAlias:
    """The distinct words of a text parameter as search stems them: ``words.word``."""
    vector = func.to_tsvector(ENGLISH, bindparam(parameter, type_=Text))
    return func.unnest(func.tsvector_to_array(vector)).table_valued("word").render_derived("words")


def nearest_terms() -> AnySelect:
    """Each word of ``:q`` (as search stems it) with the known words nearest to it by
    trigram similarity (itself first, when known), or one row with NULL."""
    words = _words_of("q")
    term = LessonTerm.term.expression
    near = (
        select(term)
        .where(term.op("%")(words.c.word))
        .order_by(term.op("<->")(words.c.word), term)
        .limit(ALTERNATIVES_PER_WORD)
        .lateral("near")
    )
    return select(words.c.word, near.c.term).select_from(words.outerjoin(near, true()))


def text_words() -> AnySelect:
    """The words of ``:text`` as search stems them, whether any lesson holds them (``known``)
    and the share of lessons holding them when ANALYZE counted them among the most common
    (else NULL: a rarer word)."""
    words = (
        func.unnest(
            func.tsvector_to_array(func.to_tsvector(ENGLISH, bindparam("text", type_=Text)))
        )
        .table_valued("word")
        .render_derived("words")
    )
    stats = table(
        "pg_stats",
        column("schemaname"),
        column("tablename"),
        column("attname"),
        column("most_common_elems"),
        column("most_common_elem_freqs"),
    )
    elements = cast(cast(stats.c.most_common_elems, Text), ARRAY(Text))
    pairs = (
        func.unnest(elements, stats.c.most_common_elem_freqs)
        .table_valued("elem", "share")
        .render_derived("pairs")
    )
    common = (
        select(pairs.c.elem, pairs.c.share)
        .select_from(stats.join(pairs, true()))
        .where(
            stats.c.schemaname == func.current_schema(),
            stats.c.tablename == LESSONS.name,
            stats.c.attname == SEARCH_VECTOR.name,
        )
        .subquery("common")
    )
    joined = words.outerjoin(common, common.c.elem == words.c.word)
    term = LessonTerm.term.expression
    known = select(term).where(term == words.c.word).exists()
    return select(words.c.word, known.label("known"), common.c.share).select_from(joined)


def _tag_share(tags: BindParameter[Any]) -> ColumnElement[float]:
    """The share of ``tags`` a lesson holds; counted only for lessons holding one."""
    c = LESSONS.c
    tag = func.unnest(c.tags).table_valued("tag").render_derived("lesson_tags")
    shared = select(func.count()).select_from(tag).where(tag.c.tag == any_(tags))
    share = cast(shared.scalar_subquery(), Float) / func.greatest(func.cardinality(tags), 1)
    return case((c.tags.op("&&", is_comparison=True)(tags), share), else_=0.0)


def suggestions() -> AnySelect:
    """Up to ``:limit`` lessons sharing a tag of ``:tags``, the category ``:category`` or
    a word of the tsquery ``:text_query``, none from ``:exclude_project_id``, best first;
    the phase ``:phase`` adds a little. Null parameters match nothing.

    A text's similarity is ``ts_rank`` (term frequency): over a query of many words it costs
    a tenth of ``ts_rank_cd`` (measured: 31 ms against 280 ms on 6,500 lessons). Scores are
    sorted on narrow rows before the page's lessons are read."""
    c = LESSONS.c
    tags = bindparam("tags", type_=ARRAY(String))
    same_category = func.coalesce(c.category == bindparam("category", type_=String), false())
    phase = bindparam("phase", type_=String)
    same_phase = func.coalesce(func.lower(c.phase) == func.lower(phase), false())
    search = _once("search", text_query=cast(bindparam("text_query", type_=Text), TSQUERY))
    text_query = search.c.text_query
    text_rank = func.coalesce(
        cast(func.ts_rank(SEARCH_VECTOR, text_query, 32), DOUBLE_PRECISION), 0.0
    )
    score = (
        TAG_WEIGHT * _tag_share(tags)
        + CATEGORY_WEIGHT * case((same_category, 1.0), else_=0.0)
        + TEXT_WEIGHT * text_rank
        + PHASE_WEIGHT * case((same_phase, 1.0), else_=0.0)
    )
    relevant = c.tags.op("&&", is_comparison=True)(tags) | same_category | _matches(text_query)
    # Lessons of no project, or of another one (a null parameter excludes nothing).
    exclude = bindparam("exclude_project_id", type_=Uuid)
    not_excluded = func.coalesce(c.source_project_id != exclude, true())
    scored = select(
        c.id,
        c.created_at,
        cast(score, DOUBLE_PRECISION).label("score"),
        same_category.label("same_category"),
        same_phase.label("same_phase"),
        text_rank.label("text_rank"),
    ).select_from(LESSONS.join(search, true()))
    scored = scored.where(relevant, not_excluded)
    order: tuple[ColumnElement[Any], ...] = (
        literal_column("score").desc(),
        c.created_at.desc(),
        c.id.desc(),
    )
    top = scored.order_by(*order).limit(bindparam("limit", type_=Integer)).subquery("top")
    reasons = (top.c.score, top.c.same_category, top.c.same_phase, top.c.text_rank)
    stmt = select(*COLUMNS, *reasons).select_from(top.join(LESSONS, c.id == top.c.id))
    return stmt.order_by(top.c.score.desc(), top.c.created_at.desc(), top.c.id.desc())
