from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from services.gateway.compliance.inputs import (
    AddStandardRuleInput,
    DeleteStandardRuleInput,
    EvaluateComplianceInput,
    RuleScopeInput,
    UpdateStandardRuleInput,
)
from services.gateway.compliance.types import Evaluation, StandardRule
from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, attempt, build, input_values
from shared.clients.governance.compliance import EvaluationCreate
from shared.clients.governance.rules import RuleCreate, RuleUpdate

PATH_FIELDS = frozenset({"standard_id", "id", "expected_version", "idempotency_key"})


@strawberry.type
class StandardRulePayload:
    rule: StandardRule | None
    user_errors: list[UserError]


@strawberry.type
class DeleteStandardRulePayload:
    deleted_rule_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class EvaluateCompliancePayload:
    evaluations: list[Evaluation] | None = strawberry.field(
        description="One per project evaluated."
    )
    user_errors: list[UserError]


def _rule_values(input: AddStandardRuleInput | UpdateStandardRuleInput) -> dict[str, Any]:
    values = input_values(input, exclude=PATH_FIELDS)
    if isinstance(values.get("weight"), float):
        values["weight"] = Decimal(str(values["weight"]))
    if isinstance(values.get("scope"), RuleScopeInput):
        scope = values["scope"]
        values["scope"] = {
            "portfolio_ids": scope.portfolio_ids,
            "project_statuses": [s.value for s in scope.project_statuses],
            "phases": scope.phases,
            "tags": scope.tags,
        }
    return values


@strawberry.type
class ComplianceMutations:
    @strawberry.mutation(description="Add a rule to a draft standard revision.")
    async def add_standard_rule(
        self, info: Info, input: AddStandardRuleInput
    ) -> StandardRulePayload | None:
        governance = info.context.clients.governance

        async def call() -> StandardRule:
            standard_id = parse_id(input.standard_id, "standardId")
            body = build(RuleCreate, _rule_values(input))
            rule = await governance.create_standard_rule(
                standard_id, body, idempotency_key=input.idempotency_key
            )
            return StandardRule.from_dto(rule)

        return await attempt(StandardRulePayload, call, conflict_field="standardId")

    @strawberry.mutation(description="Change a rule of a draft standard revision.")
    async def update_standard_rule(
        self, info: Info, input: UpdateStandardRuleInput
    ) -> StandardRulePayload | None:
        governance = info.context.clients.governance

        async def call() -> StandardRule:
            standard_id = parse_id(input.standard_id, "standardId")
            body = build(RuleUpdate, _rule_values(input))
            rule = await governance.update_standard_rule(
                standard_id, parse_id(input.id), body, expected_version=input.expected_version
            )
            return StandardRule.from_dto(rule)

        return await attempt(
            StandardRulePayload,
            call,
            conflict_field="standardId",
            precondition_field="expectedVersion",
        )

    @strawberry.mutation(description="Delete a rule of a draft standard revision.")
    async def delete_standard_rule(
        self, info: Info, input: DeleteStandardRuleInput
    ) -> DeleteStandardRulePayload | None:
        governance = info.context.clients.governance

        async def call() -> strawberry.ID:
            standard_id = parse_id(input.standard_id, "standardId")
            await governance.delete_standard_rule(
                standard_id, parse_id(input.id), expected_version=input.expected_version
            )
            return input.id

        return await attempt(
            DeleteStandardRulePayload,
            call,
            conflict_field="standardId",
            precondition_field="expectedVersion",
        )

    @strawberry.mutation(
        description="Evaluate a project, or every project of a portfolio, against every "
        "applicable rule of every published standard."
    )
    async def evaluate_compliance(
        self, info: Info, input: EvaluateComplianceInput
    ) -> EvaluateCompliancePayload | None:
        governance = info.context.clients.governance

        async def call() -> list[Evaluation]:
            values = input_values(input, exclude=frozenset({"idempotency_key"}))
            body = build(EvaluationCreate, {k: v for k, v in values.items() if v is not None})
            answer = await governance.evaluate(body, idempotency_key=input.idempotency_key)
            return [Evaluation.from_dto(e) for e in answer]

        return await attempt(EvaluateCompliancePayload, call, conflict_field=None)
