"""Request and response bodies of schedule risk analyses (Monte Carlo forecasts)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from services.projects.jobs.schemas import JobState
from services.projects.risk import MAX_ITERATIONS
from services.projects.schemas_common import StrictModel

ITERATIONS = (
    f"Most iterations to run (at most {MAX_ITERATIONS:,}: above, 422 with code "
    "iteration_limit). With convergence the run may stop earlier."
)


class CorrelationIn(StrictModel):
    task_a: uuid.UUID
    task_b: uuid.UUID
    rho: float = Field(gt=-1, lt=1, description="Target rank correlation of the two durations")


class RiskAnalysisRequest(StrictModel):
    iterations: int = Field(default=10_000, ge=1, description=ITERATIONS)
    seed: int | None = Field(
        default=None, ge=0, lt=2**63, description="For repeatability; random (and stored) if absent"
    )
    convergence: bool = Field(
        default=True, description="Stop once the mean and P80 finish stop moving"
    )
    correlations: list[CorrelationIn] = Field(default_factory=list, max_length=200)
    include_risk_drivers: bool = Field(
        default=True,
        description="Open RAID risks with an occurrence probability, a schedule impact and "
        "tasks act as risk drivers",
    )


class PercentileOut(BaseModel):
    percent: int
    days: float = Field(description="Working days after the project start")
    finish: date


class MilestoneOut(BaseModel):
    task_id: uuid.UUID
    name: str
    deadline: date | None
    p50: date
    p80: date
    probability_on_time: float | None


class CriticalityOut(BaseModel):
    task_id: uuid.UUID
    name: str
    index: float = Field(description="Share of iterations in which the task was critical")


class TornadoOut(BaseModel):
    kind: str = Field(description="task (its duration) or risk (its occurrence)")
    task_id: uuid.UUID | None = Field(description="The task whose duration varies (kind task)")
    risk_id: uuid.UUID | None = Field(description="The RAID risk that may occur (kind risk)")
    name: str
    correlation: float = Field(description="Spearman's rank correlation with the finish")


class HistogramOut(BaseModel):
    edges_days: list[float]
    counts: list[int]


class CumulativePoint(BaseModel):
    days: float
    probability: float


class RiskResultOut(BaseModel):
    iterations_run: int
    converged: bool
    deterministic_finish: date = Field(description="The CPM finish with planned durations")
    mean_days: float
    std_days: float
    mean_finish: date
    p10_finish: date
    p50_finish: date
    p80_finish: date
    p90_finish: date
    percentiles: list[PercentileOut]
    deadline: date | None
    deadline_probability: float | None
    milestones: list[MilestoneOut]
    criticality: list[CriticalityOut]
    tornado: list[TornadoOut]
    histogram: HistogramOut
    cumulative: list[CumulativePoint]


class RiskDriverOut(BaseModel):
    risk_id: uuid.UUID
    title: str
    probability: float
    task_ids: list[uuid.UUID]


class InputsSummary(BaseModel):
    iterations: int
    seed: int
    convergence: bool
    estimated_tasks: int = Field(description="Tasks with a three-point estimate")
    risk_drivers: list[RiskDriverOut]
    correlations: list[CorrelationIn]


class RiskAnalysisLinks(BaseModel):
    self: str
    job: str | None
    histogram: str
    cumulative: str
    tornado: str


class RiskAnalysisRead(BaseModel):
    """An analysis: its inputs at once, its result once its job succeeded (``state``)."""

    id: uuid.UUID
    project_id: uuid.UUID
    job_id: uuid.UUID | None
    state: JobState
    progress: float
    iterations: int
    seed: int
    deadline: date | None
    p50_finish: date | None
    p80_finish: date | None
    deadline_probability: Decimal | None
    created_by: str | None
    created_at: datetime
    finished_at: datetime | None
    inputs: InputsSummary
    result: RiskResultOut | None
    error: dict[str, object] | None
    links: RiskAnalysisLinks
    version: int


class RiskAnalysisSummary(BaseModel):
    """A list entry: the headline figures without the result document."""

    id: uuid.UUID
    project_id: uuid.UUID
    job_id: uuid.UUID | None
    iterations: int
    seed: int
    deadline: date | None
    p50_finish: date | None
    p80_finish: date | None
    deadline_probability: Decimal | None
    created_by: str | None
    created_at: datetime
    finished_at: datetime | None


class RiskForecast(BaseModel):
    project_id: uuid.UUID
    analysis_id: uuid.UUID
    finished_at: datetime
    p50_finish: date | None
    p80_finish: date | None
    deadline: date | None
    deadline_probability: Decimal | None


class RiskForecastBatch(BaseModel):
    items: list[RiskForecast]
