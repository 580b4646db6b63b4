"""Small Core helpers the repositories share: keyset pages and row-to-JSON encoding."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from asyncpg.pgproto.pgproto import UUID as AsyncpgUUID
from sqlalchemy import ColumnElement, Select, tuple_
from sqlalchemy.engine import RowMapping
from starlette.responses import Response

from shared.errors import FieldError, ValidationFailed
from shared.pagination import PageParams, encode_cursor


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


def keyset_page(
    stmt: Select[Any], sort: SortSpec, id_column: ColumnElement[Any], page: PageParams
) -> Select[Any]:
    """Order by (sort, id) and start after the cursor; fetches one extra row to detect more."""
    if page.cursor is not None:
        if len(page.cursor) != 3 or page.cursor[0] != sort.name:
            raise ValidationFailed(
                "The cursor belongs to another sort order.",
                errors=[FieldError("cursor", "request the first page again with this sort")],
            )
        _, value, last_id = page.cursor
        value = _coerce_like(sort.column, value)
        key = tuple_(sort.column, id_column)
        stmt = stmt.where(key < (value, last_id) if sort.descending else key > (value, last_id))
    if sort.descending:
        stmt = stmt.order_by(sort.column.desc(), id_column.desc())
    else:
        stmt = stmt.order_by(sort.column.asc(), id_column.asc())
    return stmt.limit(page.limit + 1)


def _coerce_like(column: ColumnElement[Any], value: Any) -> Any:
    python_type = getattr(column.type, "python_type", None)
    try:
        if python_type is datetime and isinstance(value, str):
            return datetime.fromisoformat(value)
        if python_type is date and isinstance(value, str):
            return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationFailed("The cursor is not valid.") from exc
    return value


def page_of(
    rows: Sequence[RowMapping], sort: SortSpec, sort_key: str, page: PageParams
) -> tuple[list[RowMapping], str | None]:
    items = list(rows[: page.limit])
    if len(rows) <= page.limit:
        return items, None
    last = items[-1]
    return items, encode_cursor([sort.name, last[sort_key], str(last["id"])])


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
