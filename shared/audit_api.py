"""``GET /v1/audit-records``: every service's audit log, read-only, newest first."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Response
from pydantic import BaseModel
from sqlalchemy import String, Table, Uuid, bindparam, select

from shared.audit import Action
from shared.auth import CurrentPrincipal, GlobalRole, Principal
from shared.dependencies import Paging, Read
from shared.errors import NotFound
from shared.pagination import Page, PageParams
from shared.reads import AnySelect, QueryCache, Reader
from shared.reads import Query as CompiledQuery
from shared.repository import SortSpec, json_response, keyset, keyset_params, page_of

# Who may read the whole log: it shows every change to every entity, so the global read
# roles. A service may let others read part of it (see ``ReadAccess``).
READERS = (GlobalRole.admin, GlobalRole.pmo, GlobalRole.executive)

# Decides whether ``principal`` may read the records matching ``project_id`` (None: any
# project); raises the service's Forbidden or NotFound if not.
ReadAccess = Callable[[Principal, Reader, uuid.UUID | None], Awaitable[None]]


async def global_readers_only(
    principal: Principal, reader: Reader, project_id: uuid.UUID | None
) -> None:
    principal.require_any(*READERS)


FILTERS = ("entity_type", "entity_id", "project_id", "actor", "action")


class AuditRecordRead(BaseModel):
    id: uuid.UUID
    sequence: int
    occurred_at: datetime
    actor: str
    request_id: str | None
    action: Action
    entity_type: str
    entity_id: uuid.UUID
    project_id: uuid.UUID | None
    changes: dict[str, Any]  # field -> {"old": ..., "new": ...}


class AuditLog:
    """The read queries of one service's audit table, compiled once per filter shape."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.sort = SortSpec(name="sequence", column=table.c.sequence, descending=True)
        self._get = CompiledQuery(select(table).where(table.c.id == bindparam("id", type_=Uuid)))
        self._lists = QueryCache()

    def _list(self, filters: tuple[str, ...], after: bool) -> AnySelect:
        statement = select(self.table)
        types = {"entity_id": Uuid, "project_id": Uuid}
        for name in filters:
            parameter = bindparam(name, type_=types.get(name, String))
            statement = statement.where(self.table.c[name] == parameter)
        return keyset(statement, self.sort, self.table.c.id, after=after)

    async def page(
        self, reader: Reader, filters: dict[str, Any], page: PageParams
    ) -> tuple[list[Any], str | None]:
        params = keyset_params(self.sort, page)
        after = "after_id" in params
        shape = tuple(name for name in FILTERS if filters.get(name) is not None)
        query = self._lists.get((shape, after), lambda: self._list(shape, after))
        given = {name: filters[name] for name in shape}
        rows = await reader.all(query, **given, **params)
        items, cursor = page_of(rows, self.sort, "sequence", page)
        return [_decoded(row) for row in items], cursor

    async def get(self, reader: Reader, record_id: uuid.UUID) -> dict[str, Any] | None:
        row = await reader.one(self._get, id=record_id)
        return _decoded(row) if row is not None else None


def _decoded(row: Any) -> dict[str, Any]:
    # The read pool returns jsonb as text.
    item = dict(row)
    if isinstance(item["changes"], str):
        item["changes"] = orjson.loads(item["changes"])
    return item


def audit_router(table: Table, may_read: ReadAccess = global_readers_only) -> APIRouter:
    log = AuditLog(table)
    router = APIRouter(tags=["audit"])

    @router.get(
        "/v1/audit-records",
        operation_id="list_audit_records",
        summary="List audit records, newest first",
        response_model=Page[AuditRecordRead],
    )
    async def list_audit_records(
        principal: CurrentPrincipal,
        reader: Read,
        page: Paging,
        entity_type: Annotated[str | None, Query(max_length=64)] = None,
        entity_id: uuid.UUID | None = None,
        project_id: uuid.UUID | None = None,
        actor: Annotated[str | None, Query(max_length=255)] = None,
        action: Action | None = None,
    ) -> Response:
        await may_read(principal, reader, project_id)
        filters = {
            "entity_type": entity_type,
            "entity_id": entity_id,
            "project_id": project_id,
            "actor": actor,
            "action": action.value if action else None,
        }
        items, cursor = await log.page(reader, filters, page)
        return json_response({"items": items, "next_cursor": cursor})

    @router.get(
        "/v1/audit-records/{record_id}",
        operation_id="get_audit_record",
        summary="Get an audit record",
        response_model=AuditRecordRead,
    )
    async def get_audit_record(
        record_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
    ) -> Response:
        row = await log.get(reader, record_id)
        if row is None:
            raise NotFound(f"Audit record {record_id} not found.")
        try:
            await may_read(principal, reader, row["project_id"])
        except NotFound as exc:
            raise NotFound(f"Audit record {record_id} not found.") from exc
        return json_response(row)

    return router
