"""Every SQL statement about working calendars and their exception days."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Calendar, CalendarException, Project


class CalendarRepository:
    async def exceptions(
        self, session: AsyncSession, calendar_id: uuid.UUID
    ) -> Sequence[CalendarException]:
        rows = await session.scalars(
            select(CalendarException)
            .where(CalendarException.calendar_id == calendar_id)
            .order_by(CalendarException.day)
        )
        return rows.all()

    async def usable_by(self, session: AsyncSession, project_id: uuid.UUID) -> Sequence[Calendar]:
        """The project's own calendars and the organisation-wide ones, oldest first."""
        rows = await session.scalars(
            select(Calendar)
            .where((Calendar.project_id == project_id) | Calendar.project_id.is_(None))
            .order_by(Calendar.created_at, Calendar.id)
        )
        return rows.all()

    async def delete_exceptions(self, session: AsyncSession, calendar_id: uuid.UUID) -> None:
        await session.execute(
            delete(CalendarException).where(CalendarException.calendar_id == calendar_id)
        )

    async def projects_using(
        self, session: AsyncSession, calendar_id: uuid.UUID
    ) -> Sequence[uuid.UUID]:
        rows = await session.scalars(select(Project.id).where(Project.calendar_id == calendar_id))
        return rows.all()
