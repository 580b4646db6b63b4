from __future__ import annotations

import strawberry

from services.gateway.audit.types import AuditedService, AuditRecordConnection
from services.gateway.connections import decode_after, page_size
from services.gateway.context import Info
from services.gateway.ids import parse_id


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="A service's audit log, newest first (admin, pmo and executive only)."
    )
    async def audit_records(
        self,
        info: Info,
        service: AuditedService,
        first: int | None = None,
        after: str | None = None,
        project_id: strawberry.ID | None = None,
        entity_type: str | None = None,
        entity_id: strawberry.ID | None = None,
        actor: str | None = None,
    ) -> AuditRecordConnection:
        size, position = page_size(first), decode_after(after)
        clients = info.context.clients
        client = clients.projects if service is AuditedService.PROJECTS else clients.governance
        page = await client.list_audit_records(
            project_id=parse_id(project_id, "projectId") if project_id else None,
            entity_type=entity_type,
            entity_id=parse_id(entity_id, "entityId") if entity_id else None,
            actor=actor,
            limit=position.limit_for(size),
            cursor=position.upstream,
        )
        return AuditRecordConnection.build(page.items, page.next_cursor, position, size)
