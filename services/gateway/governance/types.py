"""Standards (governance). Rules, templates and gates join as the service grows."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

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
