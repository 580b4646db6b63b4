"""Cursor (keyset) pagination: ``?limit=&cursor=`` in, ``{items, next_cursor}`` out.

A cursor is the opaque, URL-safe encoding of the last row's sort key and id, so a page
never skips or repeats rows when others are inserted meanwhile (unlike OFFSET).
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Query
from pydantic import BaseModel

from shared.errors import FieldError, ValidationFailed

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class ProjectPage(BaseModel, Generic[T]):
    """One project's first page in a batch read: ``next_cursor`` continues it in the
    project's own list endpoint."""

    project_id: uuid.UUID
    items: list[T]
    next_cursor: str | None = None


class PagesByProject(BaseModel, Generic[T]):
    """A batch read's answer: a page for each project asked for, in the order asked (empty
    for projects that are unknown or that the caller may not see)."""

    items: list[ProjectPage[T]]


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    cursor: list[Any] | None


@dataclass(frozen=True, slots=True)
class ProjectBatch:
    """A batch read of many projects' first pages: ``limit`` rows of each."""

    project_ids: list[uuid.UUID]
    limit: int


def encode_cursor(values: list[Any]) -> str:
    raw = orjson.dumps(values, default=str)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = orjson.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise ValidationFailed(
            "The cursor is not valid.", errors=[FieldError("cursor", "not a cursor from this API")]
        ) from exc
    if not isinstance(values, list) or not values:
        raise ValidationFailed(
            "The cursor is not valid.", errors=[FieldError("cursor", "not a cursor from this API")]
        )
    return values


# async: FastAPI runs plain-def dependencies in a worker thread, a costly hop for a parse.
async def page_params(
    limit: Annotated[
        int, Query(ge=1, description=f"Page size, at most {MAX_LIMIT}")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
) -> PageParams:
    if limit > MAX_LIMIT:
        raise ValidationFailed(
            f"limit may be at most {MAX_LIMIT}.",
            errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")],
        )
    return PageParams(limit=limit, cursor=decode_cursor(cursor) if cursor else None)


def parse_ids(
    raw: str | None, *, max_ids: int = MAX_LIMIT, name: str = "ids"
) -> list[uuid.UUID] | None:
    """``?ids=a,b,c`` for batch reads; ``None`` when absent."""
    if raw is None:
        return None
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if len(parts) > max_ids:
        raise ValidationFailed(
            f"At most {max_ids} ids per call.", errors=[FieldError(name, f"at most {max_ids}")]
        )
    try:
        return [uuid.UUID(p) for p in parts]
    except ValueError as exc:
        raise ValidationFailed(
            f"{name} must be UUIDs.", errors=[FieldError(name, "comma-separated UUIDs")]
        ) from exc


ProjectIds = Annotated[str, Query(description=f"Comma-separated project ids (at most {MAX_LIMIT})")]


async def project_ids_param(project_ids: ProjectIds) -> list[uuid.UUID]:
    return parse_ids(project_ids, name="project_ids") or []


async def project_batch(
    project_ids: ProjectIds,
    limit: Annotated[
        int, Query(ge=1, description=f"Rows per project, at most {MAX_LIMIT}")
    ] = DEFAULT_LIMIT,
) -> ProjectBatch:
    if limit > MAX_LIMIT:
        raise ValidationFailed(
            f"limit may be at most {MAX_LIMIT}.",
            errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")],
        )
    return ProjectBatch(parse_ids(project_ids, name="project_ids") or [], limit)
