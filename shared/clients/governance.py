"""Client of the governance service (standards for now; templates, gates and compliance
join as the service grows)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.clients import InputModel, TypedClient, WireModel, chunks, join_ids
from shared.pagination import Page


class StandardStatus(StrEnum):
    draft = "draft"
    published = "published"
    retired = "retired"


class StandardDTO(WireModel):
    id: uuid.UUID
    key: str
    revision: int
    title: str
    body: str
    status: StandardStatus
    published_at: datetime | None = None
    retired_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int


StandardPage = Page[StandardDTO]


class StandardCreate(InputModel):
    key: str
    title: str
    body: str = ""


class GovernanceClient(TypedClient):
    service = "governance"

    async def list_standards(
        self,
        *,
        status: StandardStatus | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[StandardDTO]:
        params: dict[str, Any] = {}
        if status is not None:
            params["status"] = status.value
        if limit is not None:
            params["limit"] = limit
        if cursor:
            params["cursor"] = cursor
        return await self.get_model("/v1/standards", StandardPage, params)

    async def standards_by_ids(self, ids: list[uuid.UUID]) -> list[StandardDTO]:
        found: list[StandardDTO] = []
        for batch in chunks(ids):
            params = {"ids": join_ids(batch), "limit": len(batch)}
            found.extend((await self.get_model("/v1/standards", StandardPage, params)).items)
        return found

    async def get_standard(self, standard_id: uuid.UUID) -> StandardDTO:
        return await self.get_model(f"/v1/standards/{standard_id}", StandardDTO)

    async def create_standard(
        self, data: StandardCreate, *, idempotency_key: str | None = None
    ) -> StandardDTO:
        return await self.send_model(
            "POST", "/v1/standards", data, StandardDTO, idempotency_key=idempotency_key
        )


__all__ = ["GovernanceClient", "StandardCreate", "StandardDTO", "StandardStatus"]
