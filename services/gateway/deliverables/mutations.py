from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.deliverables.inputs import (
    AddDeliverableInput,
    DeleteDeliverableInput,
    UpdateDeliverableInput,
)
from services.gateway.deliverables.types import Deliverable
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, mutate
from shared.clients import InputModel
from shared.clients.governance.deliverables import DeliverableCreate, DeliverableUpdate


class NoBody(InputModel):
    """A delete sends no body."""


@strawberry.type
class DeliverablePayload:
    deliverable: Deliverable | None
    user_errors: list[UserError]


@strawberry.type
class DeleteDeliverablePayload:
    deleted_deliverable_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class DeliverableMutations:
    @strawberry.mutation
    async def add_deliverable(
        self, info: Info, input: AddDeliverableInput
    ) -> DeliverablePayload | None:
        governance = info.context.clients.governance

        async def send(body: DeliverableCreate) -> Deliverable:
            project_id = parse_id(input.project_id, "projectId")
            dto = await governance.add_deliverable(
                project_id, body, idempotency_key=input.idempotency_key
            )
            return Deliverable.from_dto(dto)

        return await mutate(
            DeliverablePayload, input, DeliverableCreate, send, conflict_field="key"
        )

    @strawberry.mutation
    async def update_deliverable(
        self, info: Info, input: UpdateDeliverableInput
    ) -> DeliverablePayload | None:
        governance = info.context.clients.governance

        async def send(body: DeliverableUpdate) -> Deliverable:
            ids = parse_id(input.project_id, "projectId"), parse_id(input.id)
            dto = await governance.update_deliverable(
                *ids, body, expected_version=input.expected_version
            )
            return Deliverable.from_dto(dto)

        return await mutate(
            DeliverablePayload,
            input,
            DeliverableUpdate,
            send,
            conflict_field="status",
            precondition_field="expectedVersion",
        )

    @strawberry.mutation
    async def delete_deliverable(
        self, info: Info, input: DeleteDeliverableInput
    ) -> DeleteDeliverablePayload | None:
        governance = info.context.clients.governance

        async def send(body: NoBody) -> strawberry.ID:
            ids = parse_id(input.project_id, "projectId"), parse_id(input.id)
            await governance.delete_deliverable(*ids, expected_version=input.expected_version)
            return input.id

        return await mutate(
            DeleteDeliverablePayload,
            input,
            NoBody,
            send,
            conflict_field=None,
            precondition_field="expectedVersion",
        )
