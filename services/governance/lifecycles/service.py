"""Lifecycles are versioned like standards: edit a draft, publish it (which freezes it and
retires the revision it replaces), start a new draft revision from any revision. The
document (phases and gates) is checked as a whole whenever it changes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.lifecycles.repository import SORTS, LifecycleRepository
from services.governance.lifecycles.schemas import (
    Gate,
    LifecycleCreate,
    LifecycleStatus,
    LifecycleUpdate,
    Phase,
)
from services.governance.lifecycles.validation import check_lifecycle
from services.governance.models import Lifecycle
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, InvalidTransition, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import resolve_sort

repository = LifecycleRepository()

AUTHORS = (GlobalRole.admin, GlobalRole.pmo)


async def list_lifecycles(
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


async def get_lifecycle(reader: Reader, lifecycle_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.get(reader, lifecycle_id)
    if row is None:
        raise NotFound(f"Lifecycle {lifecycle_id} not found.")
    return row


async def create_lifecycle(
    session: AsyncSession, principal: Principal, data: LifecycleCreate
) -> Lifecycle:
    principal.require_any(*AUTHORS)
    check_lifecycle(data.phases, data.gates)
    if await repository.key_exists(session, data.key):
        raise Conflict(
            f"A lifecycle with key {data.key!r} exists; start a new revision of it instead."
        )
    lifecycle = Lifecycle(
        key=data.key,
        revision=1,
        name=data.name,
        description=data.description,
        status=LifecycleStatus.draft.value,
        phases=_documents(data.phases),
        gates=_documents(data.gates),
    )
    session.add(lifecycle)
    await session.flush()
    return lifecycle


async def _load(
    session: AsyncSession, lifecycle_id: uuid.UUID, expected_versions: list[int] | None
) -> Lifecycle:
    lifecycle = await repository.load(session, lifecycle_id, for_update=True)
    if lifecycle is None:
        raise NotFound(f"Lifecycle {lifecycle_id} not found.")
    check_version(lifecycle.version, expected_versions)
    return lifecycle


async def update_lifecycle(
    session: AsyncSession,
    principal: Principal,
    lifecycle_id: uuid.UUID,
    data: LifecycleUpdate,
    expected_versions: list[int] | None,
) -> Lifecycle:
    principal.require_any(*AUTHORS)
    changes = data.model_dump(exclude_unset=True)
    nulls = [
        FieldError(name, "may not be null") for name, value in changes.items() if value is None
    ]
    if nulls:
        raise ValidationFailed(errors=nulls)
    lifecycle = await _load(session, lifecycle_id, expected_versions)
    if lifecycle.status != LifecycleStatus.draft:
        raise Conflict(
            f"Revision {lifecycle.revision} is {lifecycle.status} and frozen; "
            "start a new revision to change it."
        )
    phases = data.phases if data.phases is not None else phases_of(lifecycle)
    gates = data.gates if data.gates is not None else gates_of(lifecycle)
    check_lifecycle(phases, gates)
    for field in ("name", "description"):
        if field in changes:
            setattr(lifecycle, field, changes[field])
    if data.phases is not None:
        lifecycle.phases = _documents(data.phases)
    if data.gates is not None:
        lifecycle.gates = _documents(data.gates)
    await session.flush()
    return lifecycle


async def publish_lifecycle(
    session: AsyncSession,
    principal: Principal,
    lifecycle_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Lifecycle:
    principal.require_any(*AUTHORS)
    lifecycle = await _load(session, lifecycle_id, expected_versions)
    _ensure_status(lifecycle, LifecycleStatus.draft, LifecycleStatus.published)
    # Rule kinds may have changed since the draft was written: publish only what runs.
    check_lifecycle(phases_of(lifecycle), gates_of(lifecycle))
    now = datetime.now(UTC)
    for previous in await repository.published_of_key(session, lifecycle.key):
        previous.status, previous.retired_at = LifecycleStatus.retired.value, now
    lifecycle.status, lifecycle.published_at = LifecycleStatus.published.value, now
    await session.flush()
    return lifecycle


async def retire_lifecycle(
    session: AsyncSession,
    principal: Principal,
    lifecycle_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Lifecycle:
    principal.require_any(*AUTHORS)
    lifecycle = await _load(session, lifecycle_id, expected_versions)
    _ensure_status(lifecycle, LifecycleStatus.published, LifecycleStatus.retired)
    lifecycle.status, lifecycle.retired_at = LifecycleStatus.retired.value, datetime.now(UTC)
    await session.flush()
    return lifecycle


async def new_revision(
    session: AsyncSession, principal: Principal, lifecycle_id: uuid.UUID
) -> Lifecycle:
    principal.require_any(*AUTHORS)
    source = await _load(session, lifecycle_id, None)
    if await repository.has_draft(session, source.key):
        raise Conflict(f"Lifecycle {source.key!r} already has a draft revision; edit that one.")
    draft = Lifecycle(
        key=source.key,
        revision=await repository.latest_revision(session, source.key) + 1,
        name=source.name,
        description=source.description,
        status=LifecycleStatus.draft.value,
        phases=list(source.phases),
        gates=list(source.gates),
    )
    session.add(draft)
    await session.flush()
    return draft


def phases_of(lifecycle: Lifecycle | dict[str, Any]) -> list[Phase]:
    raw = lifecycle["phases"] if isinstance(lifecycle, dict) else lifecycle.phases
    return [Phase.model_validate(phase) for phase in raw]


def gates_of(lifecycle: Lifecycle | dict[str, Any]) -> list[Gate]:
    raw = lifecycle["gates"] if isinstance(lifecycle, dict) else lifecycle.gates
    return [Gate.model_validate(gate) for gate in raw]


def _documents(items: list[Phase] | list[Gate]) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json") for item in items]


def _ensure_status(
    lifecycle: Lifecycle, required: LifecycleStatus, target: LifecycleStatus
) -> None:
    if lifecycle.status != required:
        raise InvalidTransition(
            f"Only a {required.value} lifecycle can become {target.value}; "
            f"this one is {lifecycle.status}.",
            extra={"from": lifecycle.status, "to": target.value},
        )
