"""Templates are versioned project blueprints, kept like standards: edit a draft, publish
it (which freezes it, after checking what it refers to, and retires the revision it
replaces), start a new draft revision from any revision (a copy of its content)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Template
from services.governance.templates import references
from services.governance.templates.content import (
    RaidDefaults,
    TemplateDeliverable,
    TemplateLink,
    TemplateTask,
)
from services.governance.templates.repository import SORTS, TemplateRepository
from services.governance.templates.schemas import (
    TemplateCreate,
    TemplateStatus,
    TemplateUpdate,
)
from services.governance.templates.wbs import wbs_errors
from services.governance.versioning import revisions
from shared.auth import GlobalRole, Principal
from shared.errors import Conflict, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import resolve_sort

repository = TemplateRepository()
AUTHORS = (GlobalRole.admin, GlobalRole.pmo)
# The content fields copied into a new revision.
CONTENT = (
    "name",
    "description",
    "category",
    "tags",
    "lifecycle_key",
    "lifecycle_id",
    "tasks",
    "dependencies",
    "raid",
    "deliverables",
    "standard_keys",
)


async def list_templates(
    reader: Reader, page: PageParams, sort: str | None, **filters: Any
) -> tuple[list[Any], str | None]:
    spec = resolve_sort(sort, SORTS, "created_at")
    return await repository.list(reader, page, spec, filters=filters)


async def get_template(reader: Reader, template_id: uuid.UUID) -> dict[str, Any]:
    return await revisions.get_row(reader, repository, template_id)


async def create_template(
    session: AsyncSession, principal: Principal, data: TemplateCreate
) -> Template:
    principal.require_any(*AUTHORS)
    _check_wbs(data.tasks, data.dependencies, data.deliverables)
    await revisions.ensure_new_key(session, repository, data.key)
    template = Template(
        key=data.key, revision=1, status=TemplateStatus.draft.value, **_stored(data)
    )
    session.add(template)
    await session.flush()
    return template


async def load(
    session: AsyncSession,
    template_id: uuid.UUID,
    expected_versions: list[int] | None = None,
    *,
    for_update: bool = True,
) -> Template:
    return await revisions.load_for_change(
        session, repository, template_id, expected_versions, for_update=for_update
    )


async def update_template(
    session: AsyncSession,
    principal: Principal,
    template_id: uuid.UUID,
    data: TemplateUpdate,
    expected_versions: list[int] | None,
) -> Template:
    principal.require_any(*AUTHORS)
    template = await load(session, template_id, expected_versions)
    revisions.ensure_editable(
        template, f"Revision {template.revision} of template {template.key!r}"
    )
    changes = _stored(data, exclude_unset=True)
    if "lifecycle_key" in changes and changes["lifecycle_key"] is not None:
        changes.setdefault("lifecycle_id", None)  # one reference replaces the other
    if "lifecycle_id" in changes and changes["lifecycle_id"] is not None:
        changes.setdefault("lifecycle_key", None)
    tasks, links, deliverables = parts({**_current(template), **changes})
    _check_wbs(tasks, links, deliverables)
    for field, value in changes.items():
        setattr(template, field, value)
    await session.flush()
    return template


async def publish_template(
    session: AsyncSession,
    principal: Principal,
    template_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Template:
    principal.require_any(*AUTHORS)
    return await revisions.publish(
        session, repository, template_id, expected_versions, check=_publishable
    )


async def _publishable(session: AsyncSession, template: Template) -> None:
    problems = await references.publish_problems(session, template)
    if problems:
        raise Conflict(
            "The template refers to what is not published: "
            + "; ".join(f"{e.field}: {e.message}" for e in problems),
            errors=problems,
        )


async def retire_template(
    session: AsyncSession,
    principal: Principal,
    template_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Template:
    principal.require_any(*AUTHORS)
    return await revisions.retire(session, repository, template_id, expected_versions)


async def new_revision(
    session: AsyncSession, principal: Principal, template_id: uuid.UUID
) -> Template:
    principal.require_any(*AUTHORS)
    source, number = await revisions.revision_source(session, repository, template_id)
    draft = Template(
        key=source.key,
        revision=number,
        status=TemplateStatus.draft.value,
        **_current(source),
    )
    session.add(draft)
    await session.flush()
    return draft


def parts(
    content: dict[str, Any],
) -> tuple[list[TemplateTask], list[TemplateLink], list[TemplateDeliverable]]:
    """The stored WBS, links and deliverables as models."""
    return (
        [TemplateTask.model_validate(t) for t in content["tasks"]],
        [TemplateLink.model_validate(link) for link in content["dependencies"]],
        [TemplateDeliverable.model_validate(d) for d in content["deliverables"]],
    )


def raid_of(template: Template) -> RaidDefaults:
    return RaidDefaults.model_validate(template.raid)


def _current(template: Template) -> dict[str, Any]:
    return {field: getattr(template, field) for field in CONTENT}


def _stored(
    data: TemplateCreate | TemplateUpdate, *, exclude_unset: bool = False
) -> dict[str, Any]:
    """The fields as columns hold them (the parts as JSON documents); a list or part sent
    as null in an update means empty."""
    values = data.model_dump(mode="json", exclude_unset=exclude_unset, exclude={"key"})
    if "lifecycle_id" in values and values["lifecycle_id"] is not None:
        values["lifecycle_id"] = uuid.UUID(values["lifecycle_id"])
    for field, empty in (
        ("tags", []),
        ("tasks", []),
        ("dependencies", []),
        ("deliverables", []),
        ("standard_keys", []),
        ("raid", RaidDefaults().model_dump(mode="json")),
    ):
        if field in values and values[field] is None:
            values[field] = empty
    if "name" in values and values["name"] is None:
        del values["name"]
    if "description" in values and values["description"] is None:
        values["description"] = ""
    return values


def _check_wbs(
    tasks: list[TemplateTask], links: list[TemplateLink], deliverables: list[TemplateDeliverable]
) -> None:
    errors = wbs_errors(tasks, links, deliverables)
    if errors:
        raise ValidationFailed("The template's WBS is not consistent.", errors=errors)
