"""Compliance evaluations as the API reads and requests them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.governance.rules.base import FindingStatus, Severity

SCORE = "Weighted share of passed rules among passed and failed ones, 0-100; null: none applied."


class EvaluationCreate(BaseModel):
    """Exactly one of the two: one project, or every project of a portfolio."""

    model_config = ConfigDict(extra="forbid")

    project_id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> EvaluationCreate:
        if (self.project_id is None) == (self.portfolio_id is None):
            raise ValueError("give exactly one of project_id and portfolio_id")
        return self


class StatusCounts(BaseModel):
    passed: int
    failed: int
    not_applicable: int


class SeverityCounts(BaseModel):
    info: StatusCounts
    minor: StatusCounts
    major: StatusCounts
    critical: StatusCounts


class EvaluationSummary(BaseModel):
    id: uuid.UUID
    batch_id: uuid.UUID = Field(description="Shared by the evaluations of one request.")
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None = Field(description="The project's portfolio at the time.")
    evaluated_at: datetime
    evaluator: str = Field(description="Who asked for the evaluation (token subject).")
    score: float | None = Field(description=SCORE)
    passed: int
    failed: int
    not_applicable: int
    by_severity: SeverityCounts = Field(description="Findings by severity, then by status.")
    standard_ids: list[uuid.UUID] = Field(
        description="The published standard revisions whose rules gave findings."
    )


class FindingRead(BaseModel):
    id: uuid.UUID
    position: int
    rule_id: uuid.UUID
    rule_title: str | None
    standard_id: uuid.UUID
    standard_key: str
    standard_revision: int
    kind: str
    severity: Severity
    weight: float
    status: FindingStatus
    message: str
    evidence: dict[str, Any] = Field(
        description="What the finding rests on: the measured value, the limit, offending ids."
    )


class EvaluationRead(EvaluationSummary):
    findings: list[FindingRead] = Field(description="One per applicable rule, in rule order.")


class EvaluationBatch(BaseModel):
    items: list[EvaluationSummary]


class TrendPoint(BaseModel):
    evaluation_id: uuid.UUID
    evaluated_at: datetime
    score: float | None


class ProjectCompliance(BaseModel):
    project_id: uuid.UUID
    latest: EvaluationRead | None = Field(description="The newest evaluation, with findings.")
    trend: list[TrendPoint] = Field(description="The last evaluations' scores, oldest first.")


class LatestEvaluations(BaseModel):
    items: list[EvaluationSummary] = Field(
        description="The newest evaluation of each project asked for that has one."
    )


class PortfolioDay(BaseModel):
    day: date = Field(description="UTC day.")
    average_score: float | None = Field(
        description="Average of each project's last score that day (null scores left out)."
    )
    projects: int = Field(description="Projects evaluated that day.")


class PortfolioCompliance(BaseModel):
    portfolio_id: uuid.UUID
    average_score: float | None = Field(
        description="Average of the projects' latest scores (null scores left out)."
    )
    projects: list[EvaluationSummary] = Field(
        description="The latest evaluation of each project evaluated in the portfolio."
    )
    trend: list[PortfolioDay] = Field(description="The average score by day, oldest first.")
