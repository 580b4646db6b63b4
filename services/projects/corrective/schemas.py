"""Corrective-action options and the portfolio's policy for them, as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, field_validator

from services.projects.schemas_common import StrictModel
from shared.clients.projects.corrective import OptionKind, Ranking


class CorrectivePolicySettings(StrictModel):
    """The PMO's limits and ranking; every field has the built-in default."""

    max_fast_track_overlap_percent: int = Field(
        default=50,
        ge=0,
        le=100,
        description="Most of a predecessor's duration a successor may overlap",
    )
    max_options_per_kind: int = Field(default=3, ge=1, le=20)
    ranking: Ranking = Ranking.days_per_cost
    crash_max_extra_units: Decimal = Field(
        default=Decimal("1.0"),
        gt=0,
        le=10,
        max_digits=4,
        decimal_places=2,
        description="Units a crash may add to a task (another person of the role, or more of one)",
    )
    allowed_kinds: list[OptionKind] = Field(default_factory=lambda: list(OptionKind))

    @field_validator("allowed_kinds")
    @classmethod
    def _distinct(cls, kinds: list[OptionKind]) -> list[OptionKind]:
        if len(set(kinds)) != len(kinds):
            raise ValueError("each kind at most once")
        return kinds


class CorrectivePolicyRead(BaseModel):
    portfolio_id: uuid.UUID
    settings: CorrectivePolicySettings
    is_default: bool = Field(description="True while the portfolio has not set its own")
    version: int = Field(description="0 while unset; send it as If-Match")


class CorrectiveOptionsRequest(StrictModel):
    """Nothing to send: the policy of the project's portfolio decides the limits."""


class CorrectiveOptionRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    job_id: uuid.UUID | None
    kind: OptionKind
    rank: int
    title: str
    finish_gain_days: Decimal
    cost_delta: Decimal
    evaluation: dict[str, Any]
    plan_changes: list[dict[str, Any]]
    plan_version: str
    change_request_id: uuid.UUID | None
    stale: bool = Field(description="The plan changed since the option was computed")
    created_at: datetime
    version: int


class CorrectiveOptionList(BaseModel):
    job_id: uuid.UUID | None
    plan_version: str | None
    items: list[CorrectiveOptionRead]
