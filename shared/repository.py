"""Small Core helpers the repositories share: keyset pages, row-to-JSON encoding and the
external-key lookups of bulk pushes."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from asyncpg.pgproto.pgproto import UUID as AsyncpgUUID
from sqlalchemy import ARRAY, ColumnElement, Integer, String, bindparam, func, select, tuple_
from sqlalchemy.dialects import postgresql
from starlette.responses import Response

from shared.concurrency import etag_for
from shared.errors import FieldError, ValidationFailed
from shared.pagination import PageParams, encode_cursor
from shared.reads import AnySelect, QueryCache, Reader
from shared.text_guard import unstorable

_PG = postgresql.dialect()


@dataclass(frozen=True, slots=True)
class SortSpec:
    """An allow-listed sort: ``name`` or ``-name`` (descending), always tie-broken by id."""

    name: str
    column: ColumnElement[Any]
    descending: bool = False


def resolve_sort(raw: str | None, allowed: dict[str, ColumnElement[Any]], default: str) -> SortSpec:
    key = raw or default
    descending = key.startswith("-")
    name = key.removeprefix("-")
    if name not in allowed:
        options = ", ".join(sorted(allowed))
        raise ValidationFailed(
            f"Cannot sort by {name!r}.",
            errors=[FieldError("sort", f"one of {options}, optionally prefixed with '-'")],
        )
    return SortSpec(name=key, column=allowed[name], descending=descending)


def keyset(
    stmt: AnySelect, sort: SortSpec, id_column: ColumnElement[Any], *, after: bool
) -> AnySelect:
    """Order by (sort, id), start after ``:after_value, :after_id`` when ``after``, and take
    ``:limit`` rows (one more than the page, to tell whether another page follows).

    Values are bound parameters, so one compiled statement serves every page."""
    if after:
        key = tuple_(sort.column, id_column)
        bound = tuple_(
            bindparam("after_value", type_=sort.column.type),
            bindparam("after_id", type_=id_column.type),
        )
        stmt = stmt.where(key < bound if sort.descending else key > bound)
    if sort.descending:
        stmt = stmt.order_by(sort.column.desc(), id_column.desc())
    else:
        stmt = stmt.order_by(sort.column.asc(), id_column.asc())
    return stmt.limit(bindparam("limit", type_=Integer))


class KeysetList:
    """A list read in keyset pages under any allow-listed sort: ``base`` (a SELECT with its
    WHERE) is compiled once per sort and per first-or-later page, then reused."""

    def __init__(self, base: AnySelect, id_column: ColumnElement[Any]) -> None:
        self._base = base
        self._id = id_column
        self._queries = QueryCache()

    async def page(
        self, reader: Reader, sort: SortSpec, page: PageParams, **params: Any
    ) -> tuple[list[Mapping[str, Any]], str | None]:
        values = keyset_params(sort, page)
        after = "after_id" in values
        query = self._queries.get(
            (sort.name, after), lambda: keyset(self._base, sort, self._id, after=after)
        )
        rows = await reader.all(query, **params, **values)
        return page_of(rows, sort, str(sort.column.key), page)


def keyset_params(sort: SortSpec, page: PageParams) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": page.limit + 1}
    if page.cursor is None:
        return params
    if len(page.cursor) != 3 or page.cursor[0] != sort.name:
        raise ValidationFailed(
            "The cursor belongs to another sort order.",
            errors=[FieldError("cursor", "request the first page again with this sort")],
        )
    _, value, last_id = page.cursor
    try:
        params["after_id"] = uuid.UUID(str(last_id))
    except ValueError as exc:
        raise ValidationFailed("The cursor is not valid.") from exc
    params["after_value"] = _coerce_like(sort.column, value)
    return params


# The range of each integer column type: a cursor value outside it is not one this API
# issued, and the driver would refuse to encode it (a 500) rather than find no rows.
_INTEGER_BITS = {"SMALLINT": 16, "INTEGER": 32, "BIGINT": 64}


def _coerce_like(column: ColumnElement[Any], value: Any) -> Any:
    """Cursor values come back from JSON: give them the column's Python type again, and
    refuse (422) any value the column could not hold, as a cursor of ours never has."""
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    try:
        return _as_column_value(column, python_type, value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(
            "The cursor is not valid.", errors=[FieldError("cursor", "not a cursor from this API")]
        ) from exc


def _as_column_value(column: ColumnElement[Any], python_type: type, value: Any) -> Any:
    if python_type is datetime:
        moment = datetime.fromisoformat(_text(value))
        aware = bool(getattr(column.type, "timezone", False))
        if aware and moment.tzinfo is None:
            raise ValueError("an offset is required")
        return moment if aware else moment.replace(tzinfo=None)
    if python_type is date:
        return date.fromisoformat(_text(value))
    if python_type is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("not an integer")
        bits = _INTEGER_BITS.get(column.type.compile(dialect=_PG).upper(), 64)
        if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            raise ValueError("out of range")
        return value
    if python_type is str:
        return _text(value)
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    if unstorable(value) is not None:
        raise ValueError(unstorable(value))
    return value


def page_of(
    rows: Sequence[Mapping[str, Any]], sort: SortSpec, sort_key: str, page: PageParams
) -> tuple[list[Mapping[str, Any]], str | None]:
    items = list(rows[: page.limit])
    if len(rows) <= page.limit:
        return items, None
    last = items[-1]
    return items, encode_cursor([sort.name, last[sort_key], str(last["id"])])


def first_page(rows: list[dict[str, Any]], limit: int, sort: SortSpec) -> dict[str, Any]:
    """One group of a batched first-page query (fetched with ``limit + 1`` rows): its items
    and the cursor that continues it in the ordinary list endpoint."""
    items = rows[:limit]
    cursor = None
    if len(rows) > limit:
        last = items[-1]
        cursor = encode_cursor([sort.name, last[str(sort.column.key)], str(last["id"])])
    return {"items": items, "next_cursor": cursor}


def first_pages_query(
    columns: Sequence[ColumnElement[Any]],
    group: ColumnElement[Any],
    sort: SortSpec,
    id_column: ColumnElement[Any],
    *where: ColumnElement[bool],
) -> AnySelect:
    """The first ``:limit`` rows (in ``sort`` order, tie-broken by id) of each value of
    ``group`` among the rows ``where`` selects, in one query: a batched first page.

    Bind ``:limit`` to one more than the page, as :func:`keyset` does, so
    :func:`first_pages_of` can tell whether another page follows."""
    if sort.descending:
        order = (sort.column.desc(), id_column.desc())
    else:
        order = (sort.column.asc(), id_column.asc())
    rank = func.row_number().over(partition_by=group, order_by=order)
    ranked = select(*columns, rank.label("rank")).where(*where).subquery()
    return (
        select(*(c for c in ranked.c if c.key != "rank"))
        .where(ranked.c.rank <= bindparam("limit", type_=Integer))
        .order_by(ranked.c[str(group.key)], ranked.c.rank)
    )


def first_pages_of(
    rows: Sequence[dict[str, Any]], key: str, limit: int, sort: SortSpec
) -> dict[Any, dict[str, Any]]:
    """The rows of a :func:`first_pages_query` as one first page per value of ``key``."""
    grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return {value: first_page(group, limit, sort) for value, group in grouped.items()}


def pages_in_order(
    ids: Sequence[Hashable], pages: Mapping[Any, Mapping[str, Any]], key: str = "project_id"
) -> list[dict[str, Any]]:
    """A batch read's answer: a page for each id asked for, in that order, empty for the ids
    nothing was found for (unknown and invisible look the same)."""
    empty: dict[str, Any] = {"items": [], "next_cursor": None}
    return [{key: i, **pages.get(i, empty)} for i in ids]


def _default(value: Any) -> Any:
    # asyncpg hands back its own UUID type, which orjson does not know.
    if isinstance(value, Decimal | uuid.UUID | AsyncpgUUID):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


# NON_STR_KEYS: SQLAlchemy labels subquery columns with ``quoted_name``, a str subclass that
# orjson otherwise refuses as a key.
_DUMPS_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> bytes:
    """orjson with decimals as strings (money is never a float) and UTC as Z, like pydantic."""
    return orjson.dumps(value, default=_default, option=_DUMPS_OPTIONS)


def json_response(
    value: Any, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Skips response-model validation on hot read paths: the SQL already shaped the row."""
    return Response(
        dumps(value), status_code=status_code, media_type="application/json", headers=headers
    )


def versioned_response(row: Mapping[str, Any], *, status_code: int = 200) -> Response:
    """One versioned row as JSON, with the ``ETag`` that ``If-Match`` takes back."""
    return json_response(row, status_code=status_code, headers={"ETag": etag_for(row["version"])})


def external_key_in(source: Any, external_id: Any) -> ColumnElement[bool]:
    """``(source, external_id)`` is one of the pairs bound by :func:`external_key_params`:
    one array per column, unnested side by side, so a push of any size is one statement."""
    pairs = select(
        func.unnest(bindparam("sources", type_=ARRAY(String))),
        func.unnest(bindparam("ids", type_=ARRAY(String))),
    )
    return tuple_(source, external_id).in_(pairs)


def external_key_params(keys: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    return {"sources": [key[0] for key in keys], "ids": [key[1] for key in keys]}
