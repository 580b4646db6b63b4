"""The resource pool: people and generic roles (e.g. "senior developer") that tasks will be
assigned to, with their cost rates over time and their time off.

Managed, like programs, by admin and pmo; read by everyone signed in. HR systems push
people in bulk (see ``bulk``)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Resource, ResourceRate, ResourceTimeOff
from services.projects.resources.repository import SORTS, ResourceFilters, ResourceRepository
from services.projects.resources.schemas import (
    RateCreate,
    ResourceCreate,
    ResourceKind,
    ResourceUpdate,
    TimeOffCreate,
)
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import resolve_sort

repository = ResourceRepository()
NOT_NULL = ("name", "skills", "max_units", "active")


def _not_found(resource_id: uuid.UUID) -> NotFound:
    return NotFound(f"Resource {resource_id} not found.")


def require_manager(principal: Principal) -> None:
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)


def resource_filters(
    kind: ResourceKind | None, skill: str | None, q: str | None, active: bool | None
) -> ResourceFilters:
    return ResourceFilters(kind.value if kind else None, skill, q, active)


async def list_resources(
    reader: Reader, filters: ResourceFilters, page: PageParams, sort: str | None
) -> tuple[list[Any], str | None]:
    return await repository.list(reader, filters, page, resolve_sort(sort, SORTS, "created_at"))


async def get_resource(reader: Reader, resource_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.get(reader, resource_id)
    if row is None:
        raise _not_found(resource_id)
    return row


async def create_resource(
    session: AsyncSession, principal: Principal, data: ResourceCreate
) -> Resource:
    require_manager(principal)
    await check_calendar(session, data.calendar_id)
    await _check_external_key(session, data.external_source, data.external_id, None)
    resource = Resource(**data.model_dump())
    session.add(resource)
    await session.flush()
    await session.refresh(resource)
    return resource


async def update_resource(
    session: AsyncSession,
    principal: Principal,
    resource_id: uuid.UUID,
    data: ResourceUpdate,
    expected_versions: list[int] | None,
) -> Resource:
    require_manager(principal)
    resource = await _load(session, resource_id, expected_versions)
    changes = data.model_dump(exclude_unset=True)
    for name in NOT_NULL:
        if name in changes and changes[name] is None:
            raise ValidationFailed(errors=[FieldError(name, "may not be null")])
    if changes.get("email") is not None and resource.kind == ResourceKind.role:
        raise ValidationFailed(errors=[FieldError("email", "a generic role has no email")])
    if "calendar_id" in changes:
        await check_calendar(session, changes["calendar_id"])
    source = changes.get("external_source", resource.external_source)
    external_id = changes.get("external_id", resource.external_id)
    await _check_external_key(session, source, external_id, resource.id)
    for field, value in changes.items():
        setattr(resource, field, value)
    await session.flush()
    await session.refresh(resource)
    return resource


async def delete_resource(
    session: AsyncSession,
    principal: Principal,
    resource_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    """Its rates and time off go with it. A resource still assigned to tasks is refused
    (409): unassign it first, or make it inactive to keep its history."""
    require_manager(principal)
    resource = await _load(session, resource_id, expected_versions)
    if await repository.has_assignments(session, resource_id):
        raise Conflict(
            f"Resource {resource_id} is assigned to tasks: unassign it first, or set "
            "active to false."
        )
    await session.delete(resource)
    await session.flush()


async def check_calendar(session: AsyncSession, calendar_id: uuid.UUID | None) -> None:
    if calendar_id is not None and not await repository.known_calendars(session, [calendar_id]):
        raise ValidationFailed(
            f"Calendar {calendar_id} does not exist.",
            errors=[FieldError("calendar_id", "unknown calendar")],
        )


# -- rates -------------------------------------------------------------------------------


async def list_rates(session: AsyncSession, resource_id: uuid.UUID) -> list[ResourceRate]:
    await _ensure_exists(session, resource_id)
    return await repository.rates(session, resource_id)


async def add_rate(
    session: AsyncSession, principal: Principal, resource_id: uuid.UUID, data: RateCreate
) -> ResourceRate:
    require_manager(principal)
    await _load(session, resource_id, None)  # locked: two adds of one day queue up
    if await repository.rate_day_taken(session, resource_id, data.effective_from):
        raise Conflict(f"The resource already has a rate from {data.effective_from}.")
    rate = ResourceRate(resource_id=resource_id, **data.model_dump())
    session.add(rate)
    await session.flush()
    await session.refresh(rate)
    return rate


async def rate_at(session: AsyncSession, resource_id: uuid.UUID, day: date) -> ResourceRate:
    await _ensure_exists(session, resource_id)
    rate = await repository.rate_at(session, resource_id, day)
    if rate is None:
        raise NotFound(f"Resource {resource_id} has no rate in force on {day}.")
    return rate


async def delete_rate(
    session: AsyncSession,
    principal: Principal,
    resource_id: uuid.UUID,
    rate_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    require_manager(principal)
    rate = await repository.load_rate(session, resource_id, rate_id)
    if rate is None:
        raise NotFound(f"Rate {rate_id} of resource {resource_id} not found.")
    check_version(rate.version, expected_versions)
    await session.delete(rate)
    await session.flush()


# -- time off ----------------------------------------------------------------------------


async def list_time_off(session: AsyncSession, resource_id: uuid.UUID) -> list[ResourceTimeOff]:
    await _ensure_exists(session, resource_id)
    return await repository.time_off(session, resource_id)


async def add_time_off(
    session: AsyncSession, principal: Principal, resource_id: uuid.UUID, data: TimeOffCreate
) -> ResourceTimeOff:
    require_manager(principal)
    await _load(session, resource_id, None)  # locked: overlapping adds cannot race
    clash = await repository.overlapping_time_off(
        session, resource_id, data.from_date, data.to_date
    )
    if clash is not None:
        raise Conflict(
            f"The resource is already off from {clash.from_date} to {clash.to_date}.",
            extra={"overlapping_id": str(clash.id)},
        )
    period = ResourceTimeOff(resource_id=resource_id, **data.model_dump())
    session.add(period)
    await session.flush()
    await session.refresh(period)
    return period


async def delete_time_off(
    session: AsyncSession,
    principal: Principal,
    resource_id: uuid.UUID,
    time_off_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    require_manager(principal)
    period = await repository.load_time_off(session, resource_id, time_off_id)
    if period is None:
        raise NotFound(f"Time off {time_off_id} of resource {resource_id} not found.")
    check_version(period.version, expected_versions)
    await session.delete(period)
    await session.flush()


# -- helpers -----------------------------------------------------------------------------


async def _ensure_exists(session: AsyncSession, resource_id: uuid.UUID) -> None:
    if not await repository.exists(session, resource_id):
        raise _not_found(resource_id)


async def _load(
    session: AsyncSession, resource_id: uuid.UUID, expected_versions: list[int] | None
) -> Resource:
    resource = await repository.load_for_update(session, resource_id)
    if resource is None:
        raise _not_found(resource_id)
    check_version(resource.version, expected_versions)
    return resource


async def _check_external_key(
    session: AsyncSession, source: str | None, external_id: str | None, other: uuid.UUID | None
) -> None:
    if (source is None) != (external_id is None):
        raise ValidationFailed(
            "give both external_source and external_id, or neither",
            errors=[FieldError("external_id", "external_source and external_id go together")],
        )
    if source is None or external_id is None:
        return
    if await repository.external_key_taken(session, (source, external_id), other):
        raise Conflict(f"Another resource has the external key {source}/{external_id}.")
