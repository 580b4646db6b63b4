"""Corrective-action options (projects service): queue their computation (a job, poll
``get_job``), list a project's latest ones, and apply one (a submitted change request that
carries its plan changes)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clients import Operation, TypedClient, WireModel
from shared.clients.projects.levelling import JobDTO
from shared.clients.projects.records import ChangeRequestDTO


# The service validates with this same enum, so the two cannot drift apart.
class OptionKind(StrEnum):
    crash = "crash"
    fast_track = "fast_track"
    remove_lag = "remove_lag"
    cut_scope = "cut_scope"
    move_deadline = "move_deadline"


class CorrectiveOptionDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    job_id: uuid.UUID | None = None
    kind: OptionKind
    rank: int
    title: str
    finish_gain_days: Decimal
    cost_delta: Decimal
    evaluation: dict[str, Any]
    plan_changes: list[dict[str, Any]]
    plan_version: str
    change_request_id: uuid.UUID | None = None
    stale: bool
    created_at: datetime
    version: int


class CorrectiveOptionListDTO(WireModel):
    job_id: uuid.UUID | None = None
    plan_version: str | None = None
    items: list[CorrectiveOptionDTO]


REQUEST_OPTIONS = Operation(
    "request_corrective_options",
    "POST",
    "/v1/projects/{project_id}/corrective-options",
    JobDTO,
)
LIST_OPTIONS = Operation(
    "list_corrective_options",
    "GET",
    "/v1/projects/{project_id}/corrective-options",
    CorrectiveOptionListDTO,
)
APPLY_OPTION = Operation(
    "apply_corrective_option",
    "POST",
    "/v1/corrective-options/{option_id}/apply",
    ChangeRequestDTO,
)


class CorrectiveEndpoints(TypedClient):
    async def request_corrective_options(self, project_id: uuid.UUID) -> JobDTO:
        """The queued job (202); once it succeeded, :meth:`corrective_options` lists them."""
        return await self.send(REQUEST_OPTIONS, path={"project_id": project_id})

    async def corrective_options(self, project_id: uuid.UUID) -> CorrectiveOptionListDTO:
        """The latest options of the project, best first."""
        return await self.fetch(LIST_OPTIONS, path={"project_id": project_id})

    async def apply_corrective_option(self, option_id: uuid.UUID) -> ChangeRequestDTO:
        """A submitted change request with the option's plan changes (Conflict: applied
        already, or the plan changed since)."""
        return await self.send(APPLY_OPTION, path={"option_id": option_id})
