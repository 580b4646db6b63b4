"""Lifecycles are versioned like standards: edit a draft, publish it (which freezes it and
retires the revision it replaces), start a new draft revision from any revision. The
document (phases and gates) is checked as a whole whenever it changes."""

from __future__ import annotations

import uuid
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
from services.governance.versioning import revisions
from shared.auth import GlobalRole, Principal
from shared.errors import FieldError, NotFound, ValidationFailed
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
    return await repository.list(reader, page, spec, {"status": status, "key": key, "ids": ids})


async def get_lifecycle(reader: Reader, lifecycle_id: uuid.UUID) -> dict[str, Any]:
    return await revisions.get_row(reader, repository, lifecycle_id)


async def create_lifecycle(
    session: AsyncSession, principal: Principal, data: LifecycleCreate
) -> Lifecycle:
    principal.require_any(*AUTHORS)
    check_lifecycle(data.phases, data.gates)
    await revisions.ensure_new_key(session, repository, data.key)
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
    lifecycle = await revisions.load_for_change(
        session, repository, lifecycle_id, expected_versions
    )
    revisions.ensure_editable(lifecycle)
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
    return await revisions.publish(
        session, repository, lifecycle_id, expected_versions, check=_publishable
    )


async def _publishable(session: AsyncSession, lifecycle: Lifecycle) -> None:
    # Rule kinds may have changed since the draft was written: publish only what runs.
    check_lifecycle(phases_of(lifecycle), gates_of(lifecycle))


async def retire_lifecycle(
    session: AsyncSession,
    principal: Principal,
    lifecycle_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Lifecycle:
    principal.require_any(*AUTHORS)
    return await revisions.retire(session, repository, lifecycle_id, expected_versions)


async def new_revision(
    session: AsyncSession, principal: Principal, lifecycle_id: uuid.UUID
) -> Lifecycle:
    principal.require_any(*AUTHORS)
    source, number = await revisions.revision_source(session, repository, lifecycle_id)
    draft = Lifecycle(
        key=source.key,
        revision=number,
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


async def lifecycle_by_id(session: AsyncSession, lifecycle_id: uuid.UUID) -> Lifecycle:
    lifecycle = await repository.load(session, lifecycle_id)
    if lifecycle is None:
        raise NotFound(f"Lifecycle {lifecycle_id} not found.")
    return lifecycle


async def lifecycles_by_ids(
    reader: Reader, ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    return {row["id"]: row for row in await repository.by_ids(reader, ids)}


def next_phase(phases: list[Phase], current: str | None) -> Phase | None:
    """The phase after ``current`` (None: the project has not entered a phase yet, which
    counts as the first), or None after the last one."""
    keys = [phase.key for phase in phases]
    position = keys.index(current) if current is not None else 0
    return phases[position + 1] if position + 1 < len(phases) else None


def gate_into(gates: list[Gate], phase: str) -> Gate:
    return next(gate for gate in gates if gate.to_phase == phase)
