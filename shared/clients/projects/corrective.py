"""Corrective-action options (projects service): queue their computation (a job, poll
``get_job``), list a project's latest ones, and apply one (a submitted change request that
carries its plan changes); read and replace a portfolio's corrective policy."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clients import InputModel, Operation, TypedClient, WireModel
from shared.clients.projects.levelling import JobDTO
from shared.clients.projects.records import ChangeRequestDTO


# The service validates with this same enum, so the two cannot drift apart.
class OptionKind(StrEnum):
    crash = "crash"
    fast_track = "fast_track"
    remove_lag = "remove_lag"
    cut_scope = "cut_scope"
    move_deadline = "move_deadline"


# The service validates with this same enum, so the two cannot drift apart.
class Ranking(StrEnum):
    days_gained = "days_gained"  # most working days first
    days_per_cost = "days_per_cost"  # free gains first, then days per unit of cost
    least_risk = "least_risk"  # least added risk (P80) first


class CorrectivePolicySettingsDTO(WireModel):
    """The settings; the service documents each with its built-in default."""

    max_fast_track_overlap_percent: int = 50
    max_options_per_kind: int = 3
    ranking: Ranking = Ranking.days_per_cost
    crash_max_extra_units: Decimal = Decimal("1.0")
    allowed_kinds: list[OptionKind] = list(OptionKind)


class CorrectivePolicyDTO(WireModel):
    portfolio_id: uuid.UUID
    settings: CorrectivePolicySettingsDTO
    is_default: bool
    version: int


class CorrectivePolicyWrite(InputModel):
    """A whole policy (a PUT): fields left unset take the service's built-in defaults."""

    max_fast_track_overlap_percent: int = 50
    max_options_per_kind: int = 3
    ranking: Ranking = Ranking.days_per_cost
    crash_max_extra_units: Decimal = Decimal("1.0")
    allowed_kinds: list[OptionKind] = list(OptionKind)


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
POLICY = "/v1/portfolios/{portfolio_id}/corrective-policy"
GET_POLICY = Operation("get_corrective_policy", "GET", POLICY, CorrectivePolicyDTO)
PUT_POLICY = Operation(
    "put_corrective_policy", "PUT", POLICY, CorrectivePolicyDTO, body=CorrectivePolicyWrite
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

    async def corrective_policy(self, portfolio_id: uuid.UUID) -> CorrectivePolicyDTO:
        """The portfolio's policy (version 0 and ``is_default``: the built-in defaults)."""
        return await self.fetch(GET_POLICY, path={"portfolio_id": portfolio_id})

    async def set_corrective_policy(
        self,
        portfolio_id: uuid.UUID,
        data: CorrectivePolicyWrite,
        *,
        expected_version: int | None = None,
    ) -> CorrectivePolicyDTO:
        """Replace the policy (pmo/admin); ``expected_version``: the one read (0 while unset)."""
        return await self.send(
            PUT_POLICY, data, path={"portfolio_id": portfolio_id}, expected_version=expected_version
        )
