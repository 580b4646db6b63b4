"""The RAID log's rules, once for all four kinds (see :mod:`kinds`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    batch_subject,
    ensure_can_read,
    ensure_can_write,
    load_role,
    read_role,
    readable,
    writable,
)
from services.projects.raid.impact import check_impact, check_impact_change
from services.projects.raid.kinds import RaidKind
from services.projects.raid.repository import DEFAULT_SORT, RaidRepository, tasks_outside_project
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order, resolve_sort


class RaidService:
    def __init__(self, kind: RaidKind) -> None:
        self.kind = kind
        self.repository = RaidRepository(kind)

    def _not_found(self, entry_id: uuid.UUID) -> NotFound:
        return NotFound(f"{self.kind.label} {entry_id} not found.")

    async def list_for_project(
        self,
        reader: Reader,
        principal: Principal,
        project_id: uuid.UUID,
        status: list[str] | None,
        page: PageParams,
        sort: str | None,
    ) -> tuple[list[Any], str | None]:
        ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
        spec = resolve_sort(sort, self.repository.sorts, DEFAULT_SORT)
        return await self.repository.list_for_project(reader, project_id, status, page, spec)

    async def first_pages(
        self, reader: Reader, principal: Principal, project_ids: list[uuid.UUID], limit: int
    ) -> list[dict[str, Any]]:
        """Each project's first page in the list's default order (oldest first); empty for
        projects the caller may not see."""
        subject = batch_subject(principal)
        pages = await self.repository.first_pages(reader, subject, project_ids, limit)
        return pages_in_order(project_ids, pages)

    async def get(
        self, reader: Reader, principal: Principal, entry_id: uuid.UUID
    ) -> dict[str, Any]:
        row = await self.repository.get(reader, entry_id)
        return await readable(reader, principal, row, self._not_found(entry_id))

    async def create(
        self,
        session: AsyncSession,
        principal: Principal,
        project_id: uuid.UUID,
        data: BaseModel,
    ) -> dict[str, Any]:
        ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
        values = data.model_dump()
        check_impact(values)
        await _check_tasks(session, project_id, values["task_ids"])
        entry = self.kind.model(project_id=project_id, **values)
        session.add(entry)
        await session.flush()
        await session.refresh(entry)
        return self.kind.as_read(entry)

    async def add_entries(
        self, session: AsyncSession, project_id: uuid.UUID, entries: Sequence[BaseModel]
    ) -> int:
        """A new project's first entries (a template's), in one flush; how many. No access
        check: the caller created the project in this same transaction."""
        if not entries:
            return 0
        values = [entry.model_dump() for entry in entries]
        for value in values:
            check_impact(value)
        await _check_tasks(session, project_id, [t for v in values for t in v["task_ids"]])
        session.add_all(self.kind.model(project_id=project_id, **v) for v in values)
        await session.flush()
        return len(values)

    async def update(
        self,
        session: AsyncSession,
        principal: Principal,
        entry_id: uuid.UUID,
        data: BaseModel,
        expected_versions: list[int] | None,
    ) -> dict[str, Any]:
        entry = await self._load_for_write(session, principal, entry_id)
        check_version(entry.version, expected_versions)
        changes = data.model_dump(exclude_unset=True)
        self._reject_nulls(changes)
        check_impact_change(changes, entry)
        if "task_ids" in changes:
            await _check_tasks(session, entry.project_id, changes["task_ids"])
        for field, value in changes.items():
            setattr(entry, field, value)
        await session.flush()
        await session.refresh(entry)
        return self.kind.as_read(entry)

    async def delete(
        self,
        session: AsyncSession,
        principal: Principal,
        entry_id: uuid.UUID,
        expected_versions: list[int] | None,
    ) -> None:
        entry = await self._load_for_write(session, principal, entry_id)
        check_version(entry.version, expected_versions)
        await session.delete(entry)
        await session.flush()

    async def _load_for_write(
        self, session: AsyncSession, principal: Principal, entry_id: uuid.UUID
    ) -> Any:
        entry = await session.get(self.kind.model, entry_id, with_for_update=True)
        return await writable(session, principal, entry, self._not_found(entry_id))

    def _reject_nulls(self, changes: dict[str, Any]) -> None:
        """In a PATCH, null clears a field: refuse it where the field is required."""
        columns = self.kind.model.__table__.c
        errors = [
            FieldError(field, "may not be null")
            for field, value in changes.items()
            if value is None and not columns[field].nullable
        ]
        if errors:
            raise ValidationFailed("Required fields cannot be cleared.", errors=errors)


async def _check_tasks(
    session: AsyncSession, project_id: uuid.UUID, task_ids: list[uuid.UUID]
) -> None:
    unknown = await tasks_outside_project(session, project_id, task_ids)
    if unknown:
        listed = ", ".join(str(task_id) for task_id in unknown)
        raise ValidationFailed(
            f"Not tasks of this project: {listed}.",
            errors=[FieldError("task_ids", f"not tasks of this project: {listed}")],
        )
