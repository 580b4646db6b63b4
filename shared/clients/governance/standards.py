"""Standards (governance service): versioned documents that hold rules."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
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
    rule_count: int
    created_at: datetime
    updated_at: datetime
    version: int


class StandardCreate(InputModel):
    key: str
    title: str
    body: str = ""


class StandardUpdate(InputModel):
    title: str | None = None
    body: str | None = None


LIST_STANDARDS = Operation("list_standards", "GET", "/v1/standards", Page[StandardDTO])
GET_STANDARD = Operation("get_standard", "GET", "/v1/standards/{standard_id}", StandardDTO)
CREATE_STANDARD = Operation(
    "create_standard", "POST", "/v1/standards", StandardDTO, body=StandardCreate
)
ONE = "/v1/standards/{standard_id}"
UPDATE_STANDARD = Operation("update_standard", "PATCH", ONE, StandardDTO, body=StandardUpdate)
PUBLISH_STANDARD = Operation("publish_standard", "POST", ONE + "/publish", StandardDTO)
RETIRE_STANDARD = Operation("retire_standard", "POST", ONE + "/retire", StandardDTO)
CREATE_STANDARD_REVISION = Operation(
    "create_standard_revision", "POST", ONE + "/revisions", StandardDTO
)


class StandardEndpoints(TypedClient):
    async def list_standards(
        self,
        *,
        status: StandardStatus | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[StandardDTO]:
        params = page_params(limit, cursor, status=status.value if status else None)
        return await self.fetch(LIST_STANDARDS, params=params)

    async def standards_by_ids(self, ids: list[uuid.UUID]) -> list[StandardDTO]:
        return await self.fetch_in_batches(LIST_STANDARDS, "ids", ids)

    async def get_standard(self, standard_id: uuid.UUID) -> StandardDTO:
        return await self.fetch(GET_STANDARD, path={"standard_id": standard_id})

    async def create_standard(
        self, data: StandardCreate, *, idempotency_key: str | None = None
    ) -> StandardDTO:
        return await self.send(CREATE_STANDARD, data, idempotency_key=idempotency_key)

    async def update_standard(
        self,
        standard_id: uuid.UUID,
        data: StandardUpdate,
        *,
        expected_version: int | None = None,
    ) -> StandardDTO:
        return await self.send(
            UPDATE_STANDARD,
            data,
            path={"standard_id": standard_id},
            expected_version=expected_version,
        )

    async def publish_standard(
        self, standard_id: uuid.UUID, *, expected_version: int | None = None
    ) -> StandardDTO:
        """Freezes the draft (and its rules) and retires the revision it replaces."""
        return await self.send(
            PUBLISH_STANDARD, path={"standard_id": standard_id}, expected_version=expected_version
        )

    async def retire_standard(
        self, standard_id: uuid.UUID, *, expected_version: int | None = None
    ) -> StandardDTO:
        return await self.send(
            RETIRE_STANDARD, path={"standard_id": standard_id}, expected_version=expected_version
        )

    async def revise_standard(
        self, standard_id: uuid.UUID, *, idempotency_key: str | None = None
    ) -> StandardDTO:
        """A new draft revision with a copy of the rules of ``standard_id``."""
        return await self.send(
            CREATE_STANDARD_REVISION,
            path={"standard_id": standard_id},
            idempotency_key=idempotency_key,
        )


__all__ = [
    "StandardCreate",
    "StandardDTO",
    "StandardEndpoints",
    "StandardStatus",
    "StandardUpdate",
]
