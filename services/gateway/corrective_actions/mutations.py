from __future__ import annotations

from typing import Any

import strawberry

from services.gateway.context import Info
from services.gateway.corrective_actions.inputs import (
    CreateCorrectiveActionInput,
    CreateLessonFromActionInput,
    UpdateCorrectiveActionInput,
)
from services.gateway.corrective_actions.types import CorrectiveAction
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, attempt, build, input_values
from shared.clients.reporting.corrective_actions import (
    CorrectiveActionCreate,
    CorrectiveActionUpdate,
    LessonFromAction,
)

CALL_FIELDS = frozenset({"id", "action_id", "expected_version", "idempotency_key"})


@strawberry.type
class CorrectiveActionPayload:
    corrective_action: CorrectiveAction | None
    user_errors: list[UserError]


def _without_nulls(values: dict[str, Any], *names: str) -> dict[str, Any]:
    """Nulls of these fields mean "not sent" (the service requires a value when sent)."""
    return {k: v for k, v in values.items() if not (k in names and v is None)}


@strawberry.type
class CorrectiveActionMutations:
    @strawberry.mutation(
        description="Record a corrective action on a project (admin, pmo, the project's "
        "managers); the latest snapshot is its trigger and the before of its effect."
    )
    async def create_corrective_action(
        self, info: Info, input: CreateCorrectiveActionInput
    ) -> CorrectiveActionPayload | None:
        reporting = info.context.clients.reporting

        async def call() -> CorrectiveAction:
            values = _without_nulls(input_values(input, exclude=CALL_FIELDS), "status")
            body = build(CorrectiveActionCreate, values)
            action = await reporting.create_corrective_action(
                body, idempotency_key=input.idempotency_key
            )
            return CorrectiveAction.from_dto(action)

        return await attempt(CorrectiveActionPayload, call, conflict_field=None)

    @strawberry.mutation(
        description="Change a corrective action's owner, due date, text or status (PROPOSED -> "
        "OPEN | IN_PROGRESS | CANCELLED; OPEN -> IN_PROGRESS | DONE | CANCELLED; IN_PROGRESS "
        "-> OPEN | DONE | CANCELLED); a closed action changes no more."
    )
    async def update_corrective_action(
        self, info: Info, input: UpdateCorrectiveActionInput
    ) -> CorrectiveActionPayload | None:
        reporting = info.context.clients.reporting

        async def call() -> CorrectiveAction:
            action_id = parse_id(input.id)
            values = _without_nulls(input_values(input, exclude=CALL_FIELDS), "status")
            body = build(CorrectiveActionUpdate, values)
            action = await reporting.update_corrective_action(
                action_id, body, expected_version=input.expected_version
            )
            return CorrectiveAction.from_dto(action)

        return await attempt(
            CorrectiveActionPayload,
            call,
            conflict_field="status",
            precondition_field="expectedVersion",
        )

    @strawberry.mutation(
        description="Write a lesson learned (governance) from a closed corrective action; the "
        "action links to it (lessonId, lesson)."
    )
    async def create_lesson_from_action(
        self, info: Info, input: CreateLessonFromActionInput
    ) -> CorrectiveActionPayload | None:
        reporting = info.context.clients.reporting

        async def call() -> CorrectiveAction:
            action_id = parse_id(input.action_id, "actionId")
            values = _without_nulls(
                input_values(input, exclude=CALL_FIELDS),
                "root_cause",
                "recommendation",
                "category",
                "impact",
                "tags",
            )
            created = await reporting.lesson_from_corrective_action(
                action_id,
                build(LessonFromAction, values),
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
            )
            return CorrectiveAction.from_dto(created.action)

        return await attempt(
            CorrectiveActionPayload,
            call,
            conflict_field="actionId",
            precondition_field="expectedVersion",
        )
