"""Standards are versioned documents holding rules: edit a draft, publish it (which freezes
it and its rules, and retires the revision it replaces), start a new draft revision (with a
copy of the rules) from any revision.

The writes answer the revision as the API shows it: its columns and its rule count."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Standard
from services.governance.standard_rules import service as rules
from services.governance.standards.repository import SORTS, StandardRepository
from services.governance.standards.schemas import StandardCreate, StandardStatus, StandardUpdate
from services.governance.versioning import revisions
from shared.auth import GlobalRole, Principal
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import resolve_sort

repository = StandardRepository()


async def list_standards(
    reader: Reader,
    page: PageParams,
    sort: str | None,
    *,
    status: str | None,
    key: str | None,
    ids: list[uuid.UUID] | None,
) -> tuple[list[Any], str | None]:
    spec = resolve_sort(sort, SORTS, "created_at")
    return await repository.list(reader, page, spec, {"status": status, "key": key, "ids": ids})


AUTHORS = (GlobalRole.admin, GlobalRole.pmo)
StandardView = dict[str, Any]


async def _view(session: AsyncSession, standard: Standard) -> StandardView:
    view = {column.key: getattr(standard, column.key) for column in Standard.__table__.c}
    view["rule_count"] = await rules.rule_count(session, standard.id)
    return view


async def get_standard(reader: Reader, standard_id: uuid.UUID) -> dict[str, Any]:
    return await revisions.get_row(reader, repository, standard_id)


async def create_standard(
    session: AsyncSession, principal: Principal, data: StandardCreate
) -> StandardView:
    principal.require_any(*AUTHORS)
    await revisions.ensure_new_key(session, repository, data.key)
    standard = Standard(**data.model_dump(), revision=1, status=StandardStatus.draft.value)
    session.add(standard)
    await session.flush()
    return await _view(session, standard)


async def update_standard(
    session: AsyncSession,
    principal: Principal,
    standard_id: uuid.UUID,
    data: StandardUpdate,
    expected_versions: list[int] | None,
) -> StandardView:
    principal.require_any(*AUTHORS)
    standard = await revisions.load_for_change(session, repository, standard_id, expected_versions)
    revisions.ensure_editable(standard)
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(standard, field, value)
    await session.flush()
    return await _view(session, standard)


async def publish_standard(
    session: AsyncSession,
    principal: Principal,
    standard_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> StandardView:
    principal.require_any(*AUTHORS)
    standard = await revisions.publish(session, repository, standard_id, expected_versions)
    return await _view(session, standard)


async def retire_standard(
    session: AsyncSession,
    principal: Principal,
    standard_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> StandardView:
    principal.require_any(*AUTHORS)
    standard = await revisions.retire(session, repository, standard_id, expected_versions)
    return await _view(session, standard)


async def new_revision(
    session: AsyncSession, principal: Principal, standard_id: uuid.UUID
) -> StandardView:
    principal.require_any(*AUTHORS)
    source, number = await revisions.revision_source(session, repository, standard_id)
    draft = Standard(
        key=source.key,
        revision=number,
        title=source.title,
        body=source.body,
        status=StandardStatus.draft.value,
    )
    session.add(draft)
    await session.flush()
    await rules.copy_rules(session, source.id, draft.id)
    return await _view(session, draft)


async def published_standard_keys(session: AsyncSession, keys: list[str]) -> set[str]:
    """Which of ``keys`` name a standard with a published revision (templates refer to
    standards by key)."""
    if not keys:
        return set()
    return await repository.keys_with_published(session, keys)
