"""The action register (reporting): corrective actions with their trigger and measured
effect."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry

from services.gateway.context import Info
from services.gateway.lessons.types import Lesson
from services.gateway.relay.node import Node
from services.gateway.values import gid
from shared.clients.reporting.corrective_actions import (
    CorrectiveActionDTO,
    DeltasDTO,
    EffectDTO,
    FiguresDTO,
    TriggerDTO,
)
from shared.errors import NotFound


@strawberry.enum(description="CLOSED: DONE and CANCELLED (they move no more).")
class CorrectiveActionStatus(Enum):
    PROPOSED = "proposed"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


@strawberry.enum(description="What raised the action.")
class CorrectiveActionTriggerKind(Enum):
    HEALTH = strawberry.enum_value("health", description="Health turned amber or red.")
    P80_LATE = strawberry.enum_value("p80_late", description="The P80 finish passed the deadline.")
    MANUAL = strawberry.enum_value("manual", description="Recorded by a person.")


def _text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def _message(reason: dict[str, Any]) -> str:
    return str(reason.get("message") or reason.get("metric") or reason)


@strawberry.type(description="What raised an action: the snapshot's colour and reasons.")
class CorrectiveActionTrigger:
    kind: CorrectiveActionTriggerKind
    day: date | None = strawberry.field(description="The day of the snapshot behind it.")
    rag: str | None
    previous_rag: str | None
    reasons: list[str]
    p80_finish: date | None
    deadline: date | None
    options_job_id: strawberry.ID | None = strawberry.field(
        description="A proposal's corrective options being computed: follow job(id), then "
        "read Project.correctiveOptions."
    )

    @classmethod
    def from_dto(cls, dto: TriggerDTO) -> CorrectiveActionTrigger:
        return cls(
            kind=CorrectiveActionTriggerKind(dto.kind.value),
            day=dto.day,
            rag=dto.rag,
            previous_rag=dto.previous_rag,
            reasons=[_message(r) for r in dto.reasons],
            p80_finish=dto.p80_finish,
            deadline=dto.deadline,
            options_job_id=gid(dto.options_job_id) if dto.options_job_id else None,
        )


@strawberry.type(description="A snapshot's schedule figures (decimals as strings).")
class ActionFigures:
    day: date | None
    spi: str | None
    spi_t: str | None
    p80_finish: date | None
    critical_float_days: str | None

    @classmethod
    def from_dto(cls, dto: FiguresDTO) -> ActionFigures:
        return cls(
            day=dto.day,
            spi=_text(dto.spi),
            spi_t=_text(dto.spi_t),
            p80_finish=dto.p80_finish,
            critical_float_days=_text(dto.critical_float_days),
        )


@strawberry.type(description="After minus before; p80FinishDays negative: earlier.")
class ActionDeltas:
    spi: str | None
    spi_t: str | None
    p80_finish_days: int | None
    critical_float_days: str | None

    @classmethod
    def from_dto(cls, dto: DeltasDTO) -> ActionDeltas:
        return cls(
            spi=_text(dto.spi),
            spi_t=_text(dto.spi_t),
            p80_finish_days=dto.p80_finish_days,
            critical_float_days=_text(dto.critical_float_days),
        )


@strawberry.type(description="The measured effect: the figures when recorded and since.")
class ActionEffect:
    before: ActionFigures
    after: ActionFigures | None = strawberry.field(
        description="The latest snapshot taken after the action (null: none yet)."
    )
    deltas: ActionDeltas | None
    worked: bool | None = strawberry.field(
        description="SPI(t) (else SPI) up or P80 finish earlier, and critical float not "
        "shrunk; null until a snapshot after the action exists."
    )

    @classmethod
    def from_dto(cls, dto: EffectDTO) -> ActionEffect:
        return cls(
            before=ActionFigures.from_dto(dto.before),
            after=ActionFigures.from_dto(dto.after) if dto.after else None,
            deltas=ActionDeltas.from_dto(dto.deltas) if dto.deltas else None,
            worked=dto.worked,
        )


@strawberry.type(description="A corrective action of a project's action register.")
class CorrectiveAction(Node):
    id: strawberry.ID
    project_id: strawberry.ID
    portfolio_id: strawberry.ID | None
    trigger: CorrectiveActionTrigger
    option_id: strawberry.ID | None = strawberry.field(
        description="The projects service's corrective option chosen, if any."
    )
    title: str
    description: str | None
    owner: str | None
    due_date: date | None
    status: CorrectiveActionStatus
    change_request_id: strawberry.ID | None
    lesson_id: strawberry.ID | None
    effect: ActionEffect
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as expectedVersion when updating.")
    lesson_uuid: strawberry.Private[uuid.UUID | None] = None

    @strawberry.field(description="The lesson learned drawn from it (governance).")
    async def lesson(self, info: Info) -> Lesson | None:
        if self.lesson_uuid is None:
            return None
        try:
            return Lesson.from_dto(await info.context.loaders.lessons.lesson.load(self.lesson_uuid))
        except NotFound:
            return None

    @classmethod
    def from_dto(cls, dto: CorrectiveActionDTO) -> CorrectiveAction:
        def optional(value: uuid.UUID | None) -> strawberry.ID | None:
            return gid(value) if value is not None else None

        return cls(
            id=gid(dto.id),
            project_id=gid(dto.project_id),
            portfolio_id=optional(dto.portfolio_id),
            trigger=CorrectiveActionTrigger.from_dto(dto.trigger),
            option_id=optional(dto.option_id),
            title=dto.title,
            description=dto.description,
            owner=dto.owner,
            due_date=dto.due_date,
            status=CorrectiveActionStatus(dto.status.value),
            change_request_id=optional(dto.change_request_id),
            lesson_id=optional(dto.lesson_id),
            effect=ActionEffect.from_dto(dto.effect),
            created_by=dto.created_by,
            created_at=dto.created_at,
            updated_at=dto.updated_at,
            version=dto.version,
            lesson_uuid=dto.lesson_id,
        )
