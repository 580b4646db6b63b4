"""Programs group related projects of one portfolio (portfolio -> program -> project).

Managed by those who manage portfolios (admin, pmo); read, like portfolios, by everyone
signed in. Projects join a program of their own portfolio through the projects API."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Program
from services.projects.programs.repository import SORTS, ProgramRepository
from services.projects.programs.schemas import ProgramCreate, ProgramUpdate
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order, resolve_sort

repository = ProgramRepository()


def _not_found(program_id: uuid.UUID) -> NotFound:
    return NotFound(f"Program {program_id} not found.")


async def list_programs(
    reader: Reader,
    page: PageParams,
    sort: str | None,
    portfolio_id: uuid.UUID | None,
    ids: list[uuid.UUID] | None,
) -> tuple[list[Any], str | None]:
    spec = resolve_sort(sort, SORTS, "created_at")
    return await repository.list(reader, page, spec, portfolio_id, ids)


async def first_pages_by_portfolio(
    reader: Reader, portfolio_ids: list[uuid.UUID], limit: int
) -> list[dict[str, Any]]:
    pages = await repository.first_pages(reader, portfolio_ids, limit)
    return pages_in_order(portfolio_ids, pages, key="portfolio_id")


async def get_program(reader: Reader, program_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.get(reader, program_id)
    if row is None:
        raise _not_found(program_id)
    return row


async def create_program(
    session: AsyncSession, principal: Principal, data: ProgramCreate
) -> Program:
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)
    if not await repository.portfolio_exists(session, data.portfolio_id):
        raise ValidationFailed(
            f"Portfolio {data.portfolio_id} does not exist.",
            errors=[FieldError("portfolio_id", "unknown portfolio")],
        )
    await _check_name(session, data.portfolio_id, data.name, None)
    program = Program(**data.model_dump())
    session.add(program)
    await session.flush()
    await session.refresh(program)
    return program


async def update_program(
    session: AsyncSession,
    principal: Principal,
    program_id: uuid.UUID,
    data: ProgramUpdate,
    expected_versions: list[int] | None,
) -> Program:
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)
    program = await _load(session, program_id, expected_versions)
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes:
        if changes["name"] is None:
            raise ValidationFailed(errors=[FieldError("name", "may not be null")])
        await _check_name(session, program.portfolio_id, changes["name"], program.id)
    for field, value in changes.items():
        setattr(program, field, value)
    await session.flush()
    await session.refresh(program)
    return program


async def delete_program(
    session: AsyncSession,
    principal: Principal,
    program_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    """Only an empty program goes: its projects would silently lose their grouping."""
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)
    program = await _load(session, program_id, expected_versions)
    count = await repository.project_count(session, program_id)
    if count:
        raise Conflict(
            f"The program still has {count} project(s): move them out of it first.",
            extra={"project_count": count},
        )
    await session.delete(program)
    await session.flush()


async def ensure_program_in_portfolio(
    session: AsyncSession, program_id: uuid.UUID, portfolio_id: uuid.UUID | None
) -> None:
    """A project's program must exist and belong to the project's portfolio (422)."""
    owner = await repository.portfolio_of(session, program_id)
    if owner is None:
        raise ValidationFailed(
            f"Program {program_id} does not exist.",
            errors=[FieldError("program_id", "unknown program")],
        )
    if owner != portfolio_id:
        raise ValidationFailed(
            "A project's program must belong to the project's portfolio.",
            errors=[FieldError("program_id", "the program belongs to another portfolio")],
        )


async def _load(
    session: AsyncSession, program_id: uuid.UUID, expected_versions: list[int] | None
) -> Program:
    program = await repository.load_for_update(session, program_id)
    if program is None:
        raise _not_found(program_id)
    check_version(program.version, expected_versions)
    return program


async def _check_name(
    session: AsyncSession, portfolio_id: uuid.UUID, name: str, other_than: uuid.UUID | None
) -> None:
    if await repository.name_taken(session, portfolio_id, name, other_than):
        raise Conflict(f"The portfolio already has a program named {name!r}.")
