"""Standards (governance): versioned documents holding rules (the rule types live with
compliance, in ``services.gateway.compliance``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum

import strawberry

from services.gateway.compliance.loaders import RulesKey
from services.gateway.compliance.types import StandardRule
from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.relay.node import Node
from shared.clients.governance import StandardDTO


@strawberry.enum
class StandardStatus(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


@strawberry.type(description="One revision of a PMO standard.")
class Standard(Node):
    id: strawberry.ID
    key: str
    revision: int
    title: str
    body: str
    status: StandardStatus
    published_at: datetime | None
    retired_at: datetime | None
    rule_count: int
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    standard_uuid: strawberry.Private[uuid.UUID]

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
            rule_count=dto.rule_count,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            standard_uuid=dto.id,
        )

    @strawberry.field(description="The revision's rules, in order.")
    async def rules(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[StandardRule] | None:
        request = page_request(first, after)
        key = RulesKey(standard_id=self.standard_uuid, request=request)
        items, next_cursor = await info.context.loaders.compliance.rules.load(key)
        return connection(items, next_cursor, request, StandardRule.from_dto)
