from __future__ import annotations

import strawberry

from services.gateway.gates.types import GateDecision

EXPECTED_VERSION = "The review's version you read; a newer one makes this a userError."


@strawberry.input
class OpenGateReviewInput:
    project_id: strawberry.ID
    to_phase: str = strawberry.field(description="The project's next phase.")
    idempotency_key: str | None = None


@strawberry.input
class EvaluateGateReviewInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class CheckGateItemInput:
    id: strawberry.ID = strawberry.field(description="The gate review.")
    item_key: str
    done: bool
    comment: str | None = strawberry.UNSET
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class DecideGateInput:
    id: strawberry.ID = strawberry.field(description="The gate review.")
    decision: GateDecision
    comment: str | None = strawberry.UNSET
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    idempotency_key: str | None = None
