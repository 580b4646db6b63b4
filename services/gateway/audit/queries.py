from __future__ import annotations

import strawberry

from services.gateway.audit.types import AuditedService, AuditRecord
from services.gateway.connections import After, Connection, First, connection, page_request
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
        first: First = None,
        after: After = None,
        project_id: strawberry.ID | None = None,
        entity_type: str | None = None,
        entity_id: strawberry.ID | None = None,
        actor: str | None = None,
    ) -> Connection[AuditRecord]:
        request = page_request(first, after)
        clients = info.context.clients
        client = clients.projects if service is AuditedService.PROJECTS else clients.governance
        page = await client.list_audit_records(
            project_id=parse_id(project_id, "projectId") if project_id else None,
            entity_type=entity_type,
            entity_id=parse_id(entity_id, "entityId") if entity_id else None,
            actor=actor,
            limit=request.limit,
            cursor=request.cursor,
        )
        return connection(page.items, page.next_cursor, request, AuditRecord.from_dto)
