"""A task's delete impact (the preview) and the confirmation a delete needs when the task
takes more than itself with it."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.tasks import impact_repository as repository
from services.projects.tasks.schemas import ImpactLink, TaskDeleteImpact
from shared.errors import Conflict


class DeleteNeedsConfirmation(Conflict):
    slug = "task-delete-needs-confirmation"
    title = "Deleting this task takes more with it"


async def delete_impact(session: AsyncSession, task_id: uuid.UUID) -> TaskDeleteImpact:
    tasks = await repository.subtree(session, task_id)
    ids = [row["id"] for row in tasks]
    costs, baseline_rows = await repository.counts(session, ids)
    subtasks = [row for row in tasks if row["id"] != task_id]
    links = await repository.links(session, ids)
    assignments = await repository.assignments(session, ids)
    return TaskDeleteImpact.model_validate(
        {
            "task_id": task_id,
            "subtasks": subtasks,
            "dependencies": links,
            "assignments": assignments,
            "actual_costs_detached": costs,
            "baseline_rows_kept": baseline_rows,
            "needs_confirmation": bool(subtasks or links or assignments),
        }
    )


def _outside(link: ImpactLink, deleted: set[uuid.UUID]) -> list[str]:
    """The link's ends that stay (a link inside the deleted subtree has none)."""
    ends = ((link.predecessor_id, link.predecessor_name), (link.successor_id, link.successor_name))
    return [name for task_id, name in ends if task_id not in deleted]


def _summary(impact: TaskDeleteImpact) -> str:
    parts = []
    if impact.subtasks:
        parts.append(f"{len(impact.subtasks)} subtask(s)")
    if impact.dependencies:
        deleted = {impact.task_id} | {task.id for task in impact.subtasks}
        others = sorted({name for link in impact.dependencies for name in _outside(link, deleted)})
        parts.append(f"{len(impact.dependencies)} link(s) (with {', '.join(others[:10])})")
    if impact.assignments:
        parts.append(f"{len(impact.assignments)} assignment(s)")
    return ", ".join(parts)


def ensure_confirmed(impact: TaskDeleteImpact, cascade: bool) -> None:
    """409 listing what would go, unless the caller confirmed with ``cascade``."""
    if cascade or not impact.needs_confirmation:
        return
    raise DeleteNeedsConfirmation(
        f"Deleting task {impact.task_id} also deletes {_summary(impact)}. Send the DELETE "
        "again with ?cascade=true to confirm (`impact` lists everything that goes; "
        f"GET /v1/tasks/{impact.task_id}/delete-impact previews it).",
        extra={"impact": impact.model_dump(mode="json")},
    )
