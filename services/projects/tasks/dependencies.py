"""Query-parameter validators of the task reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from services.projects.tasks.schemas import TASK_FIELDS, TASK_KEY_FIELDS
from shared.errors import FieldError, ValidationFailed

_FIELDS_DESCRIPTION = (
    "Sparse fieldset: comma-separated task fields to return. `id`, `project_id` and "
    "`position` are always returned; an empty value returns only those. Omitted: every "
    "field. Allowed: " + ", ".join(f"`{name}`" for name in TASK_FIELDS) + "."
)


def parse_fields(raw: str | None) -> tuple[str, ...] | None:
    """The requested fields plus the key fields, in ``TaskRead`` order (one spelling per
    set, so each set compiles one statement); ``None`` when the caller wants them all."""
    if raw is None:
        return None
    wanted = {name.strip() for name in raw.split(",")} - {""}
    unknown = sorted(wanted.difference(TASK_FIELDS))
    if unknown:
        raise ValidationFailed(
            f"Unknown task field(s): {', '.join(unknown)}.",
            errors=[FieldError("fields", f"unknown task field {name!r}") for name in unknown],
        )
    return tuple(name for name in TASK_FIELDS if name in wanted or name in TASK_KEY_FIELDS)


# async: FastAPI runs plain-def dependencies in a worker thread, a costly hop for a parse.
async def task_fields(
    fields: Annotated[
        str | None, Query(description=_FIELDS_DESCRIPTION, examples=["name,percent_complete"])
    ] = None,
) -> tuple[str, ...] | None:
    return parse_fields(fields)


TaskFields = Annotated[tuple[str, ...] | None, Depends(task_fields)]
