"""The action register (reporting service): corrective actions of a project, with what
triggered them and their measured effect, and lessons learned drawn from closed ones. The
enums are shared with the service's own schemas (one vocabulary on both sides)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
from shared.clients.governance.lessons import LessonCategory, LessonImpact, LessonOutcome
from shared.pagination import Page


class ActionStatus(StrEnum):
    proposed = "proposed"
    open = "open"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class TriggerKind(StrEnum):
    health = "health"
    p80_late = "p80_late"
    manual = "manual"


class TriggerDTO(WireModel):
    kind: TriggerKind
    day: date | None = None
    rag: str | None = None
    previous_rag: str | None = None
    reasons: list[dict[str, Any]] = Field(default_factory=list)
    p80_finish: date | None = None
    deadline: date | None = None
    options_job_id: uuid.UUID | None = None


class FiguresDTO(WireModel):
    day: date | None = None
    spi: Decimal | None = None
    spi_t: Decimal | None = None
    p80_finish: date | None = None
    critical_float_days: Decimal | None = None


class DeltasDTO(WireModel):
    spi: Decimal | None = None
    spi_t: Decimal | None = None
    p80_finish_days: int | None = None
    critical_float_days: Decimal | None = None


class EffectDTO(WireModel):
    before: FiguresDTO
    after: FiguresDTO | None = None
    deltas: DeltasDTO | None = None
    worked: bool | None = None


class CorrectiveActionDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None = None
    trigger: TriggerDTO
    option_id: uuid.UUID | None = None
    title: str
    description: str | None = None
    owner: str | None = None
    due_date: date | None = None
    status: ActionStatus
    change_request_id: uuid.UUID | None = None
    lesson_id: uuid.UUID | None = None
    effect: EffectDTO
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int


class CorrectiveActionCreate(InputModel):
    project_id: uuid.UUID
    title: str
    description: str | None = None
    option_id: uuid.UUID | None = None
    owner: str | None = None
    due_date: date | None = None
    status: ActionStatus = ActionStatus.open
    change_request_id: uuid.UUID | None = None


class CorrectiveActionUpdate(InputModel):
    """Only the fields set are sent; ``None`` set explicitly clears an optional one."""

    title: str | None = None
    description: str | None = None
    option_id: uuid.UUID | None = None
    owner: str | None = None
    due_date: date | None = None
    status: ActionStatus | None = None
    change_request_id: uuid.UUID | None = None


class LessonFromAction(InputModel):
    title: str | None = None
    root_cause: str = ""
    recommendation: str = ""
    category: LessonCategory = LessonCategory.schedule
    impact: LessonImpact = LessonImpact.medium
    tags: list[str] = Field(default_factory=list)


class LessonCreatedDTO(WireModel):
    action: CorrectiveActionDTO
    lesson_id: uuid.UUID
    outcome: LessonOutcome


ONE = "/v1/corrective-actions/{action_id}"
CREATE_CORRECTIVE_ACTION = Operation(
    "create_corrective_action",
    "POST",
    "/v1/corrective-actions",
    CorrectiveActionDTO,
    body=CorrectiveActionCreate,
)
GET_CORRECTIVE_ACTION = Operation("get_corrective_action", "GET", ONE, CorrectiveActionDTO)
UPDATE_CORRECTIVE_ACTION = Operation(
    "update_corrective_action", "PATCH", ONE, CorrectiveActionDTO, body=CorrectiveActionUpdate
)
CREATE_LESSON_FROM_CORRECTIVE_ACTION = Operation(
    "create_lesson_from_corrective_action",
    "POST",
    ONE + "/lesson",
    LessonCreatedDTO,
    body=LessonFromAction,
)
LIST_PROJECT_CORRECTIVE_ACTIONS = Operation(
    "list_project_corrective_actions",
    "GET",
    "/v1/projects/{project_id}/corrective-actions",
    Page[CorrectiveActionDTO],
)
LIST_PORTFOLIO_CORRECTIVE_ACTIONS = Operation(
    "list_portfolio_corrective_actions",
    "GET",
    "/v1/portfolios/{portfolio_id}/corrective-actions",
    Page[CorrectiveActionDTO],
)


def _list_params(
    statuses: list[ActionStatus] | None, limit: int | None, cursor: str | None
) -> dict[str, Any]:
    status = [s.value for s in statuses] if statuses else None
    return page_params(limit, cursor, status=status)


class CorrectiveActionEndpoints(TypedClient):
    async def create_corrective_action(
        self, data: CorrectiveActionCreate, *, idempotency_key: str | None = None
    ) -> CorrectiveActionDTO:
        return await self.send(CREATE_CORRECTIVE_ACTION, data, idempotency_key=idempotency_key)

    async def get_corrective_action(self, action_id: uuid.UUID) -> CorrectiveActionDTO:
        return await self.fetch(GET_CORRECTIVE_ACTION, path={"action_id": action_id})

    async def update_corrective_action(
        self,
        action_id: uuid.UUID,
        data: CorrectiveActionUpdate,
        *,
        expected_version: int | None = None,
    ) -> CorrectiveActionDTO:
        return await self.send(
            UPDATE_CORRECTIVE_ACTION,
            data,
            path={"action_id": action_id},
            expected_version=expected_version,
        )

    async def lesson_from_corrective_action(
        self,
        action_id: uuid.UUID,
        data: LessonFromAction,
        *,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> LessonCreatedDTO:
        return await self.send(
            CREATE_LESSON_FROM_CORRECTIVE_ACTION,
            data,
            path={"action_id": action_id},
            expected_version=expected_version,
            idempotency_key=idempotency_key,
        )

    async def project_corrective_actions(
        self,
        project_id: uuid.UUID,
        *,
        statuses: list[ActionStatus] | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[CorrectiveActionDTO]:
        """Newest first."""
        return await self.fetch(
            LIST_PROJECT_CORRECTIVE_ACTIONS,
            path={"project_id": project_id},
            params=_list_params(statuses, limit, cursor),
        )

    async def portfolio_corrective_actions(
        self,
        portfolio_id: uuid.UUID,
        *,
        statuses: list[ActionStatus] | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[CorrectiveActionDTO]:
        """Newest first (the actions of projects the caller may read)."""
        return await self.fetch(
            LIST_PORTFOLIO_CORRECTIVE_ACTIONS,
            path={"portfolio_id": portfolio_id},
            params=_list_params(statuses, limit, cursor),
        )
