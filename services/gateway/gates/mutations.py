from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.gates.inputs import (
    CheckGateItemInput,
    DecideGateInput,
    EvaluateGateReviewInput,
    OpenGateReviewInput,
)
from services.gateway.gates.types import GateReview
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, build, mutate, mutation, user_errors
from shared.clients import InputModel
from shared.clients.governance.gates import (
    ChecklistCheck,
    DecisionCreate,
    GateReviewDTO,
    GateReviewOpen,
)
from shared.errors import ProblemError


class NoBody(InputModel):
    """The input names the review; the call sends no body."""


@strawberry.type
class GateReviewPayload:
    gate_review: GateReview | None
    user_errors: list[UserError]


async def _evaluate(
    context: GatewayContext, input: EvaluateGateReviewInput, body: NoBody
) -> GateReviewDTO:
    return await context.clients.governance.evaluate_gate_review(
        parse_id(input.id), expected_version=input.expected_version
    )


async def _decide(
    context: GatewayContext, input: DecideGateInput, body: DecisionCreate
) -> GateReviewDTO:
    return await context.clients.governance.decide_gate_review(
        parse_id(input.id),
        body,
        expected_version=input.expected_version,
        idempotency_key=input.idempotency_key,
    )


def _kept(context: GatewayContext, dto: GateReviewDTO) -> GateReview:
    context.loaders.gates.review.prime(dto.id, dto, force=True)
    return GateReview.from_dto(dto)


@strawberry.type
class GateMutations:
    evaluate_gate_review = mutation(
        GateReviewPayload,
        _evaluate,
        lambda loaders: loaders.gates.review,
        conflict_field=None,
        precondition_field="expectedVersion",
    )
    decide_gate = mutation(
        GateReviewPayload,
        _decide,
        lambda loaders: loaders.gates.review,
        conflict_field="decision",
        precondition_field="expectedVersion",
    )

    @strawberry.mutation(description="Open the review of the gate into a project's next phase.")
    async def open_gate_review(
        self, info: Info, input: OpenGateReviewInput
    ) -> GateReviewPayload | None:
        context = info.context

        async def send(body: GateReviewOpen) -> GateReview:
            governance = context.clients.governance
            dto = await governance.open_gate_review(body, idempotency_key=input.idempotency_key)
            return _kept(context, dto)

        # The project is part of the body here, not only the call's target.
        values = {"project_id": input.project_id, "to_phase": input.to_phase}
        try:
            review = await send(build(GateReviewOpen, values))
        except ProblemError as exc:
            errors = user_errors(exc, conflict_field="toPhase")
            if errors is None:
                raise
            return GateReviewPayload(gate_review=None, user_errors=errors)
        return GateReviewPayload(gate_review=review, user_errors=[])

    @strawberry.mutation(description="Check or uncheck a gate review's checklist item.")
    async def check_gate_item(
        self, info: Info, input: CheckGateItemInput
    ) -> GateReviewPayload | None:
        context = info.context

        async def send(body: ChecklistCheck) -> GateReview:
            dto = await context.clients.governance.check_gate_review_item(
                parse_id(input.id), input.item_key, body, expected_version=input.expected_version
            )
            return _kept(context, dto)

        fields = _Check(done=input.done, comment=input.comment)
        return await mutate(
            GateReviewPayload,
            fields,
            ChecklistCheck,
            send,
            conflict_field=None,
            precondition_field="expectedVersion",
        )


@dataclass
class _Check:
    """The body fields of a CheckGateItemInput (its item key is part of the path)."""

    done: bool
    comment: Any
