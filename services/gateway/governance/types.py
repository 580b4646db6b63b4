"""Standards (governance). Rules, templates and gates join as the service grows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum

import strawberry

from services.gateway.connections import PageInfo, Position, slice_page
from shared.clients.governance import StandardDTO


@strawberry.enum
class StandardStatus(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


@strawberry.type(description="One revision of a PMO standard.")
class Standard:
    id: strawberry.ID
    key: str
    revision: int
    title: str
    body: str
    status: StandardStatus
    published_at: datetime | None
    retired_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def from_dto(cls, dto: StandardDTO) -> Standard:
        return cls(
            id=strawberry.ID(str(dto.id)),
            key=dto.key,
            revision=dto.revision,
            title=dto.title,
            body=dto.body,
            status=StandardStatus(dto.status),
            published_at=dto.published_at,
            retired_at=dto.retired_at,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
        )


@strawberry.type
class StandardEdge:
    cursor: str
    node: Standard


@strawberry.type
class StandardConnection:
    edges: list[StandardEdge]
    page_info: PageInfo

    @classmethod
    def build(
        cls, items: Sequence[StandardDTO], next_cursor: str | None, position: Position, first: int
    ) -> StandardConnection:
        edges, info = slice_page(items, next_cursor, position, first)
        return cls(
            edges=[StandardEdge(cursor=c, node=Standard.from_dto(dto)) for c, dto in edges],
            page_info=info,
        )
