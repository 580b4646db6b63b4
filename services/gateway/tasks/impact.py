"""What deleting a task takes with it, as ``deleteTask`` answers it: without ``cascade``
a task with subtasks, links or assignments is not deleted, and the payload's ``impact``
lists them with a userError on ``cascade``."""

from __future__ import annotations

import strawberry

from services.gateway.ids import global_id
from services.gateway.payloads import UserError, UserErrorCode
from shared.clients.projects.tasks import TaskDeleteImpactDTO


@strawberry.type(description="A subtask deleted with the task.")
class ImpactTask:
    task_id: strawberry.ID
    name: str
    wbs_code: str | None


@strawberry.type(description="A link to or from a deleted task; the other task stays.")
class ImpactLink:
    dependency_id: strawberry.ID
    type: str
    predecessor_id: strawberry.ID
    predecessor_name: str
    successor_id: strawberry.ID
    successor_name: str


@strawberry.type(description="An assignment deleted with its task.")
class ImpactAssignment:
    assignment_id: strawberry.ID
    task_id: strawberry.ID
    resource_id: strawberry.ID
    resource_name: str


@strawberry.type(description="What deleting a task takes with it.")
class TaskDeleteImpact:
    subtasks: list[ImpactTask]
    dependencies: list[ImpactLink]
    assignments: list[ImpactAssignment]
    actual_costs_detached: int = strawberry.field(
        description="Actual costs booked on these tasks: kept on the project, without a task."
    )
    baseline_rows_kept: int = strawberry.field(
        description="Baseline rows of these tasks: kept (baselines are history)."
    )
    needs_confirmation: bool = strawberry.field(
        description="Subtasks, links or assignments go too: deleteTask needs cascade: true."
    )

    @classmethod
    def from_dto(cls, dto: TaskDeleteImpactDTO) -> TaskDeleteImpact:
        return cls(
            subtasks=[
                ImpactTask(task_id=global_id("Task", t.id), name=t.name, wbs_code=t.wbs_code)
                for t in dto.subtasks
            ],
            dependencies=[
                ImpactLink(
                    dependency_id=global_id("Predecessor", d.id),
                    type=d.type,
                    predecessor_id=global_id("Task", d.predecessor_id),
                    predecessor_name=d.predecessor_name,
                    successor_id=global_id("Task", d.successor_id),
                    successor_name=d.successor_name,
                )
                for d in dto.dependencies
            ],
            assignments=[
                ImpactAssignment(
                    assignment_id=global_id("Assignment", a.id),
                    task_id=global_id("Task", a.task_id),
                    resource_id=global_id("Resource", a.resource_id),
                    resource_name=a.resource_name,
                )
                for a in dto.assignments
            ],
            actual_costs_detached=dto.actual_costs_detached,
            baseline_rows_kept=dto.baseline_rows_kept,
            needs_confirmation=dto.needs_confirmation,
        )


def confirmation_needed(impact: TaskDeleteImpactDTO) -> UserError:
    parts = [
        f"{len(impact.subtasks)} subtask(s)",
        f"{len(impact.dependencies)} link(s)",
        f"{len(impact.assignments)} assignment(s)",
    ]
    return UserError(
        field="cascade",
        message=f"Deleting this task also deletes {', '.join(parts)} (see impact): "
        "send cascade: true to confirm.",
        code=UserErrorCode.CONFLICT,
    )
