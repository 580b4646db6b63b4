"""Jobs and levelling (projects service): queue a levelling preview of a project or a
portfolio (a job), poll the job, apply its preview, clear a project's levelling delays."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.clients import InputModel, Operation, TypedClient, WireModel


class JobState(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class LevellingMethod(StrEnum):
    auto = "auto"
    solver = "solver"
    heuristic = "heuristic"


class JobDTO(WireModel):
    """``result``: for a levelling, the preview (status, old/new finish, delay_days,
    projects, moved_tasks, delays, fingerprint, phases); ``error``: a problem object."""

    id: uuid.UUID
    version: int
    kind: str
    state: JobState
    progress: float
    message: str | None = None
    params: dict[str, Any]
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    project_id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None
    created_by: str | None = None
    attempts: int
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class AppliedProjectDTO(WireModel):
    project_id: uuid.UUID
    scheduled_finish: str | None = None
    baseline_number: int | None = None


class LevellingAppliedDTO(WireModel):
    job_id: uuid.UUID
    tasks_changed: int
    projects: list[AppliedProjectDTO]


class LevellingRequest(InputModel):
    method: LevellingMethod = LevellingMethod.auto
    time_limit_seconds: float = 5.0


class LevellingApply(InputModel):
    set_baseline: bool = False
    baseline_number: int = 0
    baseline_name: str | None = None
    replace_baseline: bool = False


JOB = "/v1/jobs/{job_id}"
GET_JOB = Operation("get_job", "GET", JOB, JobDTO)
CANCEL_JOB = Operation("cancel_job", "POST", f"{JOB}/cancel", JobDTO)
LEVEL_PROJECT = Operation(
    "request_project_levelling",
    "POST",
    "/v1/projects/{project_id}/levelling-previews",
    JobDTO,
    body=LevellingRequest,
)
LEVEL_PORTFOLIO = Operation(
    "request_portfolio_levelling",
    "POST",
    "/v1/portfolios/{portfolio_id}/levelling-previews",
    JobDTO,
    body=LevellingRequest,
)
APPLY_LEVELLING = Operation(
    "apply_levelling", "POST", f"{JOB}/apply", LevellingAppliedDTO, body=LevellingApply
)
CLEAR_LEVELLING: Operation[Any] = Operation(
    "clear_project_levelling", "DELETE", "/v1/projects/{project_id}/levelling", None
)


class LevellingEndpoints(TypedClient):
    async def get_job(self, job_id: uuid.UUID) -> JobDTO:
        return await self.fetch(GET_JOB, path={"job_id": job_id})

    async def cancel_job(self, job_id: uuid.UUID, *, expected_version: int | None = None) -> JobDTO:
        return await self.send(
            CANCEL_JOB, path={"job_id": job_id}, expected_version=expected_version
        )

    async def request_project_levelling(
        self, project_id: uuid.UUID, data: LevellingRequest
    ) -> JobDTO:
        """The queued job (202); poll :meth:`get_job` until it ends."""
        return await self.send(LEVEL_PROJECT, data, path={"project_id": project_id})

    async def request_portfolio_levelling(
        self, portfolio_id: uuid.UUID, data: LevellingRequest
    ) -> JobDTO:
        return await self.send(LEVEL_PORTFOLIO, data, path={"portfolio_id": portfolio_id})

    async def apply_levelling(self, job_id: uuid.UUID, data: LevellingApply) -> LevellingAppliedDTO:
        return await self.send(APPLY_LEVELLING, data, path={"job_id": job_id})

    async def clear_project_levelling(
        self, project_id: uuid.UUID, *, expected_version: int | None = None
    ) -> None:
        await self.send_no_content(
            CLEAR_LEVELLING, path={"project_id": project_id}, expected_version=expected_version
        )
