from __future__ import annotations

from contextlib import suppress

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, mutation, user_errors
from services.gateway.programs.inputs import (
    CreateProgramInput,
    DeleteProgramInput,
    UpdateProgramInput,
)
from services.gateway.programs.types import Program
from shared.clients.projects.programs import ProgramCreate, ProgramDTO, ProgramUpdate
from shared.errors import ProblemError


@strawberry.type
class CreateProgramPayload:
    program: Program | None
    user_errors: list[UserError]


@strawberry.type
class UpdateProgramPayload(CreateProgramPayload):
    """The same fields: the program as updated, or why not."""


@strawberry.type
class DeleteProgramPayload:
    deleted_program_id: strawberry.ID | None
    user_errors: list[UserError]


async def _create(
    context: GatewayContext, input: CreateProgramInput, body: ProgramCreate
) -> ProgramDTO:
    projects = context.clients.projects
    return await projects.create_program(body, idempotency_key=input.idempotency_key)


async def _update(
    context: GatewayContext, input: UpdateProgramInput, body: ProgramUpdate
) -> ProgramDTO:
    program_id, version = parse_id(input.id), input.expected_version
    return await context.clients.projects.update_program(program_id, body, expected_version=version)


@strawberry.type
class ProgramMutations:
    create_program = mutation(
        CreateProgramPayload,
        _create,
        lambda loaders: loaders.programs.program,
        conflict_field="name",
    )
    update_program = mutation(
        UpdateProgramPayload,
        _update,
        lambda loaders: loaders.programs.program,
        conflict_field="name",
        precondition_field="expectedVersion",
    )

    @strawberry.mutation(
        description="Delete a program (admin or pmo); one that still has projects is a userError."
    )
    async def delete_program(self, info: Info, input: DeleteProgramInput) -> DeleteProgramPayload:
        try:
            program_id = parse_id(input.id)
            await info.context.clients.projects.delete_program(
                program_id, expected_version=input.expected_version
            )
        except ProblemError as exc:
            errors = user_errors(exc, conflict_field="id", precondition_field="expectedVersion")
            if errors is None:
                raise
            return DeleteProgramPayload(deleted_program_id=None, user_errors=errors)
        with suppress(KeyError):  # a program this request read before is gone now
            info.context.loaders.programs.program.clear(program_id)
        return DeleteProgramPayload(deleted_program_id=input.id, user_errors=[])
