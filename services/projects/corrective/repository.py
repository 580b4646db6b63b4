"""The corrective domain's SQL: what the engine payload lacks (link ids, optional lags and
tasks, estimates, staff), the plan's fingerprint, options, policies, and the rows a plan
change touches when an approval applies it."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import Float, Text, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import (
    Assignment,
    CorrectiveOption,
    CorrectivePolicy,
    Dependency,
    Portfolio,
    Project,
    Resource,
    RiskAnalysis,
    Task,
)

_STARTED = or_(
    Task.actual_start.is_not(None), Task.actual_finish.is_not(None), Task.percent_complete > 0
)


async def task_facts(session: AsyncSession, project_id: uuid.UUID) -> list[Any]:
    rows = await session.execute(
        select(
            cast(Task.id, Text).label("id"),
            Task.optional,
            _STARTED.label("started"),
            cast(Task.duration_optimistic_days, Float).label("o"),
            cast(Task.duration_most_likely_days, Float).label("m"),
            cast(Task.duration_pessimistic_days, Float).label("p"),
            Task.duration_distribution.label("distribution"),
        ).where(Task.project_id == project_id)
    )
    return list(rows)


async def link_facts(session: AsyncSession, project_id: uuid.UUID) -> list[Any]:
    rows = await session.execute(
        select(
            cast(Dependency.id, Text).label("id"),
            cast(Dependency.predecessor_id, Text).label("predecessor_id"),
            cast(Dependency.successor_id, Text).label("successor_id"),
            Dependency.type,
            cast(Dependency.lag_days, Float).label("lag_days"),
            Dependency.lag_optional,
        )
        .where(Dependency.project_id == project_id)
        .order_by(Dependency.created_at, Dependency.id)
    )
    return list(rows)


async def staff(session: AsyncSession, project_id: uuid.UUID) -> list[Any]:
    """The project's assignments with their resource's role and room."""
    rows = await session.execute(
        select(
            cast(Assignment.id, Text).label("id"),
            cast(Assignment.task_id, Text).label("task_id"),
            cast(Assignment.resource_id, Text).label("resource_id"),
            cast(Assignment.units, Float).label("units"),
            Resource.kind,
            Resource.name,
            Resource.role_name,
            cast(Resource.max_units, Float).label("max_units"),
        )
        .join(Resource, Resource.id == Assignment.resource_id)
        .where(Assignment.project_id == project_id)
        .order_by(Assignment.created_at, Assignment.id)
    )
    return list(rows)


async def people(session: AsyncSession, roles: set[str]) -> list[Any]:
    """Active people of these roles, by name."""
    if not roles:
        return []
    rows = await session.execute(
        select(
            cast(Resource.id, Text).label("id"),
            Resource.name,
            Resource.role_name,
            cast(Resource.max_units, Float).label("max_units"),
        )
        .where(Resource.kind == "person", Resource.active, Resource.role_name.in_(sorted(roles)))
        .order_by(Resource.name, Resource.id)
    )
    return list(rows)


async def fingerprint(session: AsyncSession, project_id: uuid.UUID) -> str | None:
    """A digest of every row the options depend on (tasks, links, assignments by version,
    the project's dates); None for an unknown project."""
    project = (
        await session.execute(
            select(
                Project.start_date, Project.deadline, Project.status_date, Project.calendar_id
            ).where(Project.id == project_id)
        )
    ).first()
    if project is None:
        return None
    digest = hashlib.sha256(repr(tuple(project)).encode())
    for model in (Task, Dependency, Assignment):
        versions = await session.execute(
            select(model.id, model.version).where(model.project_id == project_id).order_by(model.id)
        )
        digest.update(repr(list(map(tuple, versions))).encode())
    return digest.hexdigest()


async def portfolio_of(
    session: AsyncSession, project_id: uuid.UUID
) -> tuple[bool, uuid.UUID | None]:
    """(the project exists, its portfolio)."""
    row = (
        await session.execute(select(Project.portfolio_id).where(Project.id == project_id))
    ).first()
    return (row is not None, row[0] if row is not None else None)


async def latest_seed(session: AsyncSession, project_id: uuid.UUID) -> int | None:
    """The seed of the project's latest risk analysis: options sample as it did."""
    return (
        await session.execute(
            select(RiskAnalysis.seed)
            .where(RiskAnalysis.project_id == project_id)
            .order_by(RiskAnalysis.created_at.desc())
            .limit(1)
        )
    ).scalar()


async def policy(
    session: AsyncSession, portfolio_id: uuid.UUID, lock: bool = False
) -> CorrectivePolicy | None:
    statement = select(CorrectivePolicy).where(CorrectivePolicy.portfolio_id == portfolio_id)
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar()


def add(session: AsyncSession, row: object) -> None:
    session.add(row)


async def latest_job(session: AsyncSession, project_id: uuid.UUID) -> uuid.UUID | None:
    return (
        await session.execute(
            select(CorrectiveOption.job_id)
            .where(CorrectiveOption.project_id == project_id)
            .order_by(CorrectiveOption.created_at.desc())
            .limit(1)
        )
    ).scalar()


async def options_of(
    session: AsyncSession, project_id: uuid.UUID, job_id: uuid.UUID
) -> list[CorrectiveOption]:
    rows = await session.execute(
        select(CorrectiveOption)
        .where(CorrectiveOption.project_id == project_id, CorrectiveOption.job_id == job_id)
        .order_by(CorrectiveOption.rank)
    )
    return list(rows.scalars())


async def option(
    session: AsyncSession, option_id: uuid.UUID, lock: bool = False
) -> CorrectiveOption | None:
    return await session.get(CorrectiveOption, option_id, with_for_update=lock)


# -- the rows plan changes touch (ORM: the audit log records them) ------------------------


async def task(session: AsyncSession, task_id: uuid.UUID) -> Task | None:
    return await session.get(Task, task_id, with_for_update=True)


async def assignment(session: AsyncSession, assignment_id: uuid.UUID) -> Assignment | None:
    return await session.get(Assignment, assignment_id, with_for_update=True)


async def assigned(session: AsyncSession, task_id: uuid.UUID, resource_id: uuid.UUID) -> bool:
    found = await session.execute(
        select(Assignment.id).where(
            Assignment.task_id == task_id, Assignment.resource_id == resource_id
        )
    )
    return found.first() is not None


async def resource(session: AsyncSession, resource_id: uuid.UUID) -> Resource | None:
    return await session.get(Resource, resource_id)


async def link(session: AsyncSession, link_id: uuid.UUID) -> Dependency | None:
    return await session.get(Dependency, link_id, with_for_update=True)


async def link_between(
    session: AsyncSession, predecessor_id: uuid.UUID, successor_id: uuid.UUID
) -> Dependency | None:
    return (
        await session.execute(
            select(Dependency).where(
                Dependency.predecessor_id == predecessor_id,
                Dependency.successor_id == successor_id,
            )
        )
    ).scalar()


async def project(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    return await session.get(Project, project_id, with_for_update=True)


async def delete(session: AsyncSession, row: object) -> None:
    await session.delete(row)
    await session.flush()


async def portfolio_exists(session: AsyncSession, portfolio_id: uuid.UUID) -> bool:
    found = await session.execute(select(Portfolio.id).where(Portfolio.id == portfolio_id))
    return found.first() is not None


async def project_currency(session: AsyncSession, project_id: uuid.UUID) -> str | None:
    row = await session.execute(
        select(func.coalesce(Project.currency, Portfolio.currency))
        .select_from(Project)
        .outerjoin(Portfolio, Portfolio.id == Project.portfolio_id)
        .where(Project.id == project_id)
    )
    return row.scalar()
