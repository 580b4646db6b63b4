from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from services.gateway.relay.node import Node
from services.gateway.values import gid
from shared.clients.projects.levelling import JobDTO, LevellingAppliedDTO


@strawberry.enum(description="Where a job is: queued, running, or how it ended.")
class JobState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


@strawberry.enum(description="auto: CP-SAT up to 5,000 tasks, else the heuristic.")
class LevellingMethod(Enum):
    AUTO = "auto"
    SOLVER = "solver"
    HEURISTIC = "heuristic"


@strawberry.type(description="A long computation run by a queue worker (e.g. a levelling).")
class Job(Node):
    id: strawberry.ID
    version: int
    kind: str
    state: JobState
    progress: float = strawberry.field(description="0..1")
    message: str | None
    result: JSON | None = strawberry.field(
        description="Once succeeded; a levelling's preview (status, oldFinish/newFinish as "
        "in the REST answer: snake_case keys, delay_days, moved_tasks, delays, fingerprint)."
    )
    error: JSON | None = strawberry.field(description="Once failed: the problem object.")
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_dto(cls, dto: JobDTO) -> Job:
        return cls(
            id=gid(dto.id),
            version=dto.version,
            kind=dto.kind,
            state=JobState(dto.state.value),
            progress=dto.progress,
            message=dto.message,
            result=None if dto.result is None else JSON(dto.result),
            error=None if dto.error is None else JSON(dto.error),
            created_at=dto.created_at,
            finished_at=dto.finished_at,
        )


@strawberry.type(description="A project whose schedule an applied levelling recomputed.")
class LevelledProject:
    project_id: strawberry.ID
    scheduled_finish: str | None
    baseline_number: int | None


@strawberry.type(description="What applying a levelling wrote.")
class LevellingApplied:
    job_id: strawberry.ID
    tasks_changed: int
    projects: list[LevelledProject]

    @classmethod
    def from_dto(cls, dto: LevellingAppliedDTO) -> LevellingApplied:
        return cls(
            job_id=gid(dto.job_id),
            tasks_changed=dto.tasks_changed,
            projects=[
                LevelledProject(
                    project_id=gid(p.project_id),
                    scheduled_finish=p.scheduled_finish,
                    baseline_number=p.baseline_number,
                )
                for p in dto.projects
            ],
        )
