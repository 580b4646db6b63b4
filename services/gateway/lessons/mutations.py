from __future__ import annotations

from contextlib import suppress

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.ids import parse_id
from services.gateway.lessons.inputs import DeleteLessonInput, RecordLessonInput, UpdateLessonInput
from services.gateway.lessons.types import Lesson
from services.gateway.payloads import UserError, mutation, user_errors
from shared.clients.governance import LessonCreate, LessonDTO, LessonUpdate
from shared.errors import ProblemError


@strawberry.type
class RecordLessonPayload:
    lesson: Lesson | None
    user_errors: list[UserError]


@strawberry.type
class UpdateLessonPayload(RecordLessonPayload):
    """The same fields: the lesson as updated, or why not."""


@strawberry.type
class DeleteLessonPayload:
    deleted_lesson_id: strawberry.ID | None
    user_errors: list[UserError]


async def _record(
    context: GatewayContext, input: RecordLessonInput, body: LessonCreate
) -> LessonDTO:
    governance = context.clients.governance
    return await governance.create_lesson(body, idempotency_key=input.idempotency_key)


async def _update(
    context: GatewayContext, input: UpdateLessonInput, body: LessonUpdate
) -> LessonDTO:
    lesson_id, version = parse_id(input.id), input.expected_version
    governance = context.clients.governance
    return await governance.update_lesson(lesson_id, body, expected_version=version)


@strawberry.type
class LessonMutations:
    record_lesson = mutation(
        RecordLessonPayload,
        _record,
        lambda loaders: loaders.lessons.lesson,
        conflict_field=None,
    )
    update_lesson = mutation(
        UpdateLessonPayload,
        _update,
        lambda loaders: loaders.lessons.lesson,
        conflict_field=None,
        precondition_field="expectedVersion",
    )

    @strawberry.mutation(description="Delete a lesson (its author, pmo or admin).")
    async def delete_lesson(self, info: Info, input: DeleteLessonInput) -> DeleteLessonPayload:
        try:
            lesson_id = parse_id(input.id)
            await info.context.clients.governance.delete_lesson(
                lesson_id, expected_version=input.expected_version
            )
        except ProblemError as exc:
            errors = user_errors(exc, conflict_field=None, precondition_field="expectedVersion")
            if errors is None:
                raise
            return DeleteLessonPayload(deleted_lesson_id=None, user_errors=errors)
        with suppress(KeyError):  # a lesson this request read before is gone now
            info.context.loaders.lessons.lesson.clear(lesson_id)
        return DeleteLessonPayload(deleted_lesson_id=input.id, user_errors=[])
