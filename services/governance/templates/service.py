"""Templates are versioned project blueprints, kept like standards: edit a draft, publish
it (which freezes it, after checking what it refers to, and retires the revision it
replaces), start a new draft revision from any revision (a copy of its content)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
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
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
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
    row = await repository.get(reader, template_id)
    if row is None:
        raise NotFound(f"Template {template_id} not found.")
    return row


async def create_template(
    session: AsyncSession, principal: Principal, data: TemplateCreate
) -> Template:
    principal.require_any(*AUTHORS)
    _check_wbs(data.tasks, data.dependencies, data.deliverables)
    if await repository.key_exists(session, data.key):
        raise Conflict(
            f"A template with key {data.key!r} exists; start a new revision of it instead."
        )
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
    template = await repository.load(session, template_id, for_update=for_update)
    if template is None:
        raise NotFound(f"Template {template_id} not found.")
    check_version(template.version, expected_versions)
    return template


async def update_template(
    session: AsyncSession,
    principal: Principal,
    template_id: uuid.UUID,
    data: TemplateUpdate,
    expected_versions: list[int] | None,
) -> Template:
    principal.require_any(*AUTHORS)
    template = await load(session, template_id, expected_versions)
    if template.status != TemplateStatus.draft:
        raise Conflict(
            f"Revision {template.revision} of template {template.key!r} is {template.status} "
            "and frozen; start a new revision to change it."
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
    template = await load(session, template_id, expected_versions)
    _ensure_status(template, TemplateStatus.draft, TemplateStatus.published)
    problems = await references.publish_problems(session, template)
    if problems:
        raise Conflict(
            "The template refers to what is not published: "
            + "; ".join(f"{e.field}: {e.message}" for e in problems),
            errors=problems,
        )
    now = datetime.now(UTC)
    for previous in await repository.published_of_key(session, template.key):
        previous.status, previous.retired_at = TemplateStatus.retired.value, now
    template.status, template.published_at = TemplateStatus.published.value, now
    await session.flush()
    return template


async def retire_template(
    session: AsyncSession,
    principal: Principal,
    template_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Template:
    principal.require_any(*AUTHORS)
    template = await load(session, template_id, expected_versions)
    _ensure_status(template, TemplateStatus.published, TemplateStatus.retired)
    template.status, template.retired_at = TemplateStatus.retired.value, datetime.now(UTC)
    await session.flush()
    return template


async def new_revision(
    session: AsyncSession, principal: Principal, template_id: uuid.UUID
) -> Template:
    principal.require_any(*AUTHORS)
    source = await load(session, template_id)
    if await repository.has_draft(session, source.key):
        raise Conflict(f"Template {source.key!r} already has a draft revision; edit that one.")
    draft = Template(
        key=source.key,
        revision=await repository.latest_revision(session, source.key) + 1,
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


def _ensure_status(template: Template, required: TemplateStatus, target: TemplateStatus) -> None:
    if template.status != required:
        raise InvalidTransition(
            f"Only a {required.value} template can become {target.value}; "
            f"this one is {template.status}.",
            extra={"from": template.status, "to": target.value},
        )
