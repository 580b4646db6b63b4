"""Working calendars: the weekdays a project works, its hours per day and its exceptions
(holidays off, a Saturday on)."""

from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.relay.node import Node
from services.gateway.values import gid
from shared.clients.projects.calendars import CalendarDTO, CalendarExceptionDTO


@strawberry.type(description="A day that differs from the calendar's week.")
class CalendarException:
    day: date
    working: bool = strawberry.field(description="False: a day off (a holiday).")
    name: str | None

    @classmethod
    def from_dto(cls, dto: CalendarExceptionDTO) -> CalendarException:
        return cls(day=dto.day, working=dto.working, name=dto.name)


@strawberry.type(description="When a project works: weekdays, hours per day, exceptions.")
class Calendar(Node):
    id: strawberry.ID
    project_id: strawberry.ID | None = strawberry.field(description="Null: a shared calendar.")
    name: str
    working_weekdays: list[int] = strawberry.field(description="0 = Monday.")
    hours_per_day: float
    exceptions: list[CalendarException]
    version: int = strawberry.field(description="Send it back as expectedVersion.")

    @classmethod
    def from_dto(cls, dto: CalendarDTO) -> Calendar:
        return cls(
            id=gid(dto.id),
            project_id=gid(dto.project_id) if dto.project_id else None,
            name=dto.name,
            working_weekdays=dto.working_weekdays,
            hours_per_day=float(dto.hours_per_day),
            exceptions=[CalendarException.from_dto(e) for e in dto.exceptions],
            version=dto.version,
        )
