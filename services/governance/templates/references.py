"""What a template refers to in other governance domains (lifecycles, standards), read
through those domains' services: checked when a template is published, and resolved again
when one is instantiated."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.lifecycles.published import published_revision
from services.governance.lifecycles.service import phases_of
from services.governance.models import Template
from services.governance.standards.service import published_standard_keys
from shared.errors import FieldError


@dataclass(frozen=True, slots=True)
class LifecycleRef:
    """A published lifecycle revision and its phases (keys), in order."""

    id: uuid.UUID
    key: str
    revision: int
    phases: tuple[str, ...]

    @property
    def first_phase(self) -> str | None:
        return self.phases[0] if self.phases else None


async def published_lifecycle(
    session: AsyncSession, key: str | None, lifecycle_id: uuid.UUID | None
) -> LifecycleRef | None:
    """The published lifecycle revision a template names (by key: the key's published
    revision; by id: that revision, if published), or None."""
    lifecycle = await published_revision(session, key=key, lifecycle_id=lifecycle_id)
    if lifecycle is None:
        return None
    phases = tuple(phase.key for phase in phases_of(lifecycle))
    return LifecycleRef(lifecycle.id, lifecycle.key, lifecycle.revision, phases)


async def publish_problems(session: AsyncSession, template: Template) -> list[FieldError]:
    """Why the template cannot be published: a lifecycle or standard it names is not
    published, or a deliverable's phase is not a phase of its lifecycle."""
    problems: list[FieldError] = []
    if template.lifecycle_key or template.lifecycle_id:
        lifecycle = await published_lifecycle(
            session, template.lifecycle_key, template.lifecycle_id
        )
        field = "lifecycle_key" if template.lifecycle_key else "lifecycle_id"
        if lifecycle is None:
            problems.append(FieldError(field, "no published lifecycle revision matches"))
        else:
            problems += _phase_problems(template, lifecycle)
    elif any(d.get("phase") for d in template.deliverables):
        problems.append(FieldError("deliverables", "phases are named but no lifecycle is"))
    published = await published_standard_keys(session, list(template.standard_keys))
    problems += [
        FieldError("standard_keys", f"no published standard has the key {key!r}")
        for key in template.standard_keys
        if key not in published
    ]
    return problems


def _phase_problems(template: Template, lifecycle: LifecycleRef) -> list[FieldError]:
    return [
        FieldError(
            f"deliverables.{i}.phase",
            f"{d['phase']!r} is no phase of lifecycle {lifecycle.key!r} "
            f"(phases: {', '.join(lifecycle.phases)})",
        )
        for i, d in enumerate(template.deliverables)
        if d.get("phase") and d["phase"] not in lifecycle.phases
    ]
