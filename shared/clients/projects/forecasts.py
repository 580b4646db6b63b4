"""Schedule risk analyses (projects service): queue a Monte Carlo analysis of a project's
plan (a job, kind ``risk_analysis``), read it and its forecast, list a project's analyses,
and read the latest finished forecast of many projects at once (reporting's snapshots).

Probabilities are numbers in [0, 1]; ``deadline_probability`` on the headline rows is a
decimal with five places. Finish dates are project-local days.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shared.clients import InputModel, Operation, TypedClient, WireModel, chunks, join_ids
from shared.clients.projects.levelling import JobState
from shared.pagination import Page

# Most projects one forecasts request takes.
FORECASTS_BATCH = 100


class RiskForecastDTO(WireModel):
    """A project's latest finished analysis, in brief."""

    project_id: uuid.UUID
    analysis_id: uuid.UUID
    finished_at: datetime
    p50_finish: date | None = None
    p80_finish: date | None = None
    deadline: date | None = None
    deadline_probability: Decimal | None = None


class RiskForecastBatchDTO(WireModel):
    items: list[RiskForecastDTO]


class CorrelationIn(InputModel):
    task_a: uuid.UUID
    task_b: uuid.UUID
    rho: float


class RiskAnalysisRequest(InputModel):
    iterations: int = 10_000
    seed: int | None = None
    convergence: bool = True
    correlations: list[CorrelationIn] = []
    include_risk_drivers: bool = True


class PercentileDTO(WireModel):
    percent: int
    days: float
    finish: date


class MilestoneForecastDTO(WireModel):
    task_id: uuid.UUID
    name: str
    deadline: date | None = None
    p50: date
    p80: date
    probability_on_time: float | None = None


class CriticalityDTO(WireModel):
    task_id: uuid.UUID
    name: str
    index: float


class TornadoBarDTO(WireModel):
    kind: str  # "task" or "risk"
    task_id: uuid.UUID | None = None
    risk_id: uuid.UUID | None = None
    name: str
    correlation: float


class HistogramDTO(WireModel):
    edges_days: list[float]
    counts: list[int]


class CumulativePointDTO(WireModel):
    days: float
    probability: float


class RiskResultDTO(WireModel):
    iterations_run: int
    converged: bool
    deterministic_finish: date
    mean_days: float
    std_days: float
    mean_finish: date
    p10_finish: date
    p50_finish: date
    p80_finish: date
    p90_finish: date
    percentiles: list[PercentileDTO]
    deadline: date | None = None
    deadline_probability: float | None = None
    milestones: list[MilestoneForecastDTO]
    criticality: list[CriticalityDTO]
    tornado: list[TornadoBarDTO]
    histogram: HistogramDTO
    cumulative: list[CumulativePointDTO]


class RiskDriverDTO(WireModel):
    risk_id: uuid.UUID
    title: str
    probability: float
    task_ids: list[uuid.UUID]


class CorrelationDTO(WireModel):
    task_a: uuid.UUID
    task_b: uuid.UUID
    rho: float


class RiskInputsDTO(WireModel):
    iterations: int
    seed: int
    convergence: bool
    estimated_tasks: int
    risk_drivers: list[RiskDriverDTO]
    correlations: list[CorrelationDTO]


class RiskAnalysisLinksDTO(WireModel):
    self: str
    job: str | None = None
    histogram: str
    cumulative: str
    tornado: str


class RiskAnalysisSummaryDTO(WireModel):
    id: uuid.UUID
    project_id: uuid.UUID
    job_id: uuid.UUID | None = None
    iterations: int
    seed: int
    deadline: date | None = None
    p50_finish: date | None = None
    p80_finish: date | None = None
    deadline_probability: Decimal | None = None
    created_by: str | None = None
    created_at: datetime
    finished_at: datetime | None = None


class RiskAnalysisDTO(RiskAnalysisSummaryDTO):
    """An analysis; ``result`` once its job succeeded, ``error`` once it failed."""

    state: JobState
    progress: float
    inputs: RiskInputsDTO
    result: RiskResultDTO | None = None
    error: dict[str, Any] | None = None
    links: RiskAnalysisLinksDTO
    version: int


LIST_RISK_FORECASTS = Operation(
    "list_risk_forecasts", "GET", "/v1/risk-forecasts", RiskForecastBatchDTO
)
REQUEST_RISK_ANALYSIS = Operation(
    "request_risk_analysis",
    "POST",
    "/v1/projects/{project_id}/risk-analyses",
    RiskAnalysisDTO,
    body=RiskAnalysisRequest,
)
GET_RISK_ANALYSIS = Operation(
    "get_risk_analysis", "GET", "/v1/risk-analyses/{analysis_id}", RiskAnalysisDTO
)
LIST_RISK_ANALYSES = Operation(
    "list_risk_analyses",
    "GET",
    "/v1/projects/{project_id}/risk-analyses",
    Page[RiskAnalysisSummaryDTO],
)


class ForecastEndpoints(TypedClient):
    async def latest_risk_forecasts(self, project_ids: list[uuid.UUID]) -> list[RiskForecastDTO]:
        """The latest finished analysis of each project, ``FORECASTS_BATCH`` per request, in
        the order asked; projects without one (or unknown, or unreadable) are left out."""
        items: list[RiskForecastDTO] = []
        for chunk in chunks(project_ids, FORECASTS_BATCH):
            params = {"project_ids": join_ids(chunk)}
            items.extend((await self.fetch(LIST_RISK_FORECASTS, params=params)).items)
        return items

    async def request_risk_analysis(
        self, project_id: uuid.UUID, data: RiskAnalysisRequest
    ) -> RiskAnalysisDTO:
        """The queued analysis (202): poll :meth:`risk_analysis` (or its job)."""
        return await self.send(REQUEST_RISK_ANALYSIS, data, path={"project_id": project_id})

    async def risk_analysis(self, analysis_id: uuid.UUID) -> RiskAnalysisDTO:
        return await self.fetch(GET_RISK_ANALYSIS, path={"analysis_id": analysis_id})

    async def list_risk_analyses(
        self, project_id: uuid.UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[RiskAnalysisSummaryDTO]:
        params: dict[str, Any] = {}
        if limit is not None:
            params["limit"] = limit
        if cursor:
            params["cursor"] = cursor
        return await self.fetch(LIST_RISK_ANALYSES, path={"project_id": project_id}, params=params)
