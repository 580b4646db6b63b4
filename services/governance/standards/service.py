"""Standards are versioned documents holding rules: edit a draft, publish it (which freezes
it and its rules, and retires the revision it replaces), start a new draft revision (with a
copy of the rules) from any revision.

The writes answer the revision as the API shows it: its columns and its rule count."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Standard
from services.governance.standard_rules import service as rules
from services.governance.standards.repository import SORTS, StandardRepository
from services.governance.standards.schemas import StandardCreate, StandardStatus, StandardUpdate
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import Conflict, InvalidTransition, NotFound
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
    return await repository.list(reader, page, spec, status=status, key=key, ids=ids)


AUTHORS = (GlobalRole.admin, GlobalRole.pmo)
StandardView = dict[str, Any]


async def _view(session: AsyncSession, standard: Standard) -> StandardView:
    view = {column.key: getattr(standard, column.key) for column in Standard.__table__.c}
    view["rule_count"] = await rules.rule_count(session, standard.id)
    return view


async def get_standard(reader: Reader, standard_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.get(reader, standard_id)
    if row is None:
        raise NotFound(f"Standard {standard_id} not found.")
    return row


async def create_standard(
    session: AsyncSession, principal: Principal, data: StandardCreate
) -> StandardView:
    principal.require_any(*AUTHORS)
    if await repository.key_exists(session, data.key):
        raise Conflict(
            f"A standard with key {data.key!r} exists; start a new revision of it instead."
        )
    standard = Standard(**data.model_dump(), revision=1, status=StandardStatus.draft.value)
    session.add(standard)
    await session.flush()
    return await _view(session, standard)


async def _load(
    session: AsyncSession, standard_id: uuid.UUID, expected_versions: list[int] | None
) -> Standard:
    standard = await repository.load_for_update(session, standard_id)
    if standard is None:
        raise NotFound(f"Standard {standard_id} not found.")
    check_version(standard.version, expected_versions)
    return standard


async def update_standard(
    session: AsyncSession,
    principal: Principal,
    standard_id: uuid.UUID,
    data: StandardUpdate,
    expected_versions: list[int] | None,
) -> StandardView:
    principal.require_any(*AUTHORS)
    standard = await _load(session, standard_id, expected_versions)
    if standard.status != StandardStatus.draft:
        raise Conflict(
            f"Revision {standard.revision} is {standard.status} and frozen; "
            "start a new revision to change it."
        )
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
    standard = await _load(session, standard_id, expected_versions)
    _ensure_status(standard, StandardStatus.draft, StandardStatus.published)
    now = datetime.now(UTC)
    for previous in await repository.published_of_key(session, standard.key):
        previous.status, previous.retired_at = StandardStatus.retired.value, now
    standard.status, standard.published_at = StandardStatus.published.value, now
    await session.flush()
    return await _view(session, standard)


async def retire_standard(
    session: AsyncSession,
    principal: Principal,
    standard_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> StandardView:
    principal.require_any(*AUTHORS)
    standard = await _load(session, standard_id, expected_versions)
    _ensure_status(standard, StandardStatus.published, StandardStatus.retired)
    standard.status, standard.retired_at = StandardStatus.retired.value, datetime.now(UTC)
    await session.flush()
    return await _view(session, standard)


async def new_revision(
    session: AsyncSession, principal: Principal, standard_id: uuid.UUID
) -> StandardView:
    principal.require_any(*AUTHORS)
    source = await _load(session, standard_id, None)
    if await repository.has_draft(session, source.key):
        raise Conflict(f"Standard {source.key!r} already has a draft revision; edit that one.")
    draft = Standard(
        key=source.key,
        revision=await repository.latest_revision(session, source.key) + 1,
        title=source.title,
        body=source.body,
        status=StandardStatus.draft.value,
    )
    session.add(draft)
    await session.flush()
    await rules.copy_rules(session, source.id, draft.id)
    return await _view(session, draft)


def _ensure_status(standard: Standard, required: StandardStatus, target: StandardStatus) -> None:
    if standard.status != required:
        raise InvalidTransition(
            f"Only a {required.value} standard can become {target.value}; "
            f"this one is {standard.status}.",
            extra={"from": standard.status, "to": target.value},
        )


async def published_standard_keys(session: AsyncSession, keys: list[str]) -> set[str]:
    """Which of ``keys`` name a standard with a published revision (templates refer to
    standards by key)."""
    if not keys:
        return set()
    return await repository.keys_with_published(session, keys)
