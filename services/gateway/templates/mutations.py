from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.ids import parse_id
from services.gateway.payloads import (
    CALL_FIELDS,
    UserError,
    build,
    input_values,
    mutation,
    user_errors,
)
from services.gateway.projects.types import Project
from services.gateway.templates.inputs import (
    CreateTemplateInput,
    InstantiateTemplateInput,
    TemplateActionInput,
    UpdateTemplateInput,
)
from services.gateway.templates.types import SuggestedLesson, Template, TemplateInstantiation
from shared.clients import InputModel
from shared.clients.governance.templates import (
    InstantiationCreate,
    InstantiationDTO,
    TemplateCreate,
    TemplateDTO,
    TemplateUpdate,
)
from shared.errors import ProblemError


class NoBody(InputModel):
    """The actions (publish, retire, revise) send no body: the input only names the row."""


@strawberry.type
class TemplatePayload:
    template: Template | None
    user_errors: list[UserError]


@strawberry.type
class InstantiateTemplatePayload:
    project: Project | None = strawberry.field(
        description="The project made (or, on a retry, found)."
    )
    instantiation: TemplateInstantiation | None
    lessons: list[SuggestedLesson] = strawberry.field(
        description="Lessons learned that match the template."
    )
    user_errors: list[UserError]


async def _create(
    context: GatewayContext, input: CreateTemplateInput, body: TemplateCreate
) -> TemplateDTO:
    governance = context.clients.governance
    return await governance.create_template(body, idempotency_key=input.idempotency_key)


async def _update(
    context: GatewayContext, input: UpdateTemplateInput, body: TemplateUpdate
) -> TemplateDTO:
    template_id, version = parse_id(input.id), input.expected_version
    governance = context.clients.governance
    return await governance.update_template(template_id, body, expected_version=version)


async def _publish(
    context: GatewayContext, input: TemplateActionInput, body: NoBody
) -> TemplateDTO:
    return await context.clients.governance.publish_template(
        parse_id(input.id),
        expected_version=input.expected_version,
        idempotency_key=input.idempotency_key,
    )


async def _retire(context: GatewayContext, input: TemplateActionInput, body: NoBody) -> TemplateDTO:
    return await context.clients.governance.retire_template(
        parse_id(input.id),
        expected_version=input.expected_version,
        idempotency_key=input.idempotency_key,
    )


async def _revise(context: GatewayContext, input: TemplateActionInput, body: NoBody) -> TemplateDTO:
    return await context.clients.governance.create_template_revision(
        parse_id(input.id), idempotency_key=input.idempotency_key
    )


def _template_mutation(send: object, conflict_field: str | None) -> object:
    return mutation(
        TemplatePayload,
        send,  # type: ignore[arg-type]
        lambda loaders: loaders.templates.template,
        conflict_field=conflict_field,
        precondition_field="expectedVersion",
    )


async def _instantiate(
    context: GatewayContext, input: InstantiateTemplateInput
) -> InstantiationDTO:
    body = build(InstantiationCreate, input_values(input, exclude=CALL_FIELDS))
    return await context.clients.governance.instantiate_template(
        parse_id(input.id), body, idempotency_key=input.idempotency_key
    )


@strawberry.type
class TemplateMutations:
    create_template = _template_mutation(_create, "key")
    update_template = _template_mutation(_update, None)
    publish_template = _template_mutation(_publish, "id")
    retire_template = _template_mutation(_retire, "id")
    revise_template = _template_mutation(_revise, "id")

    @strawberry.mutation(
        description="Make a project from a published template, exactly once per "
        "idempotencyKey; answers the project and the lessons that match the template."
    )
    async def instantiate_template(
        self, info: Info, input: InstantiateTemplateInput
    ) -> InstantiateTemplatePayload | None:
        context = info.context
        try:
            answer = await _instantiate(context, input)
        except ProblemError as error:
            errors = user_errors(error, conflict_field="id")
            if errors is None:
                raise
            return InstantiateTemplatePayload(
                project=None, instantiation=None, lessons=[], user_errors=errors
            )
        project = await context.loaders.projects.project.load(answer.project.id)
        return InstantiateTemplatePayload(
            project=Project.from_dto(project),
            instantiation=TemplateInstantiation.from_dto(answer),
            lessons=[SuggestedLesson.from_dto(lesson) for lesson in answer.lessons],
            user_errors=[],
        )
