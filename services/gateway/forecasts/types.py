"""Schedule risk analyses (Monte Carlo forecasts of a project's finish) and a project's
latest forecast, as the projects service answers them."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from services.gateway.levelling.types import JobState
from services.gateway.relay.node import Node
from services.gateway.values import days, gid
from shared.clients.projects.forecasts import (
    CriticalityDTO,
    MilestoneForecastDTO,
    RiskAnalysisDTO,
    RiskAnalysisSummaryDTO,
    RiskForecastDTO,
    RiskResultDTO,
    TornadoBarDTO,
)


@strawberry.type(description="A project's latest finished risk analysis, in brief.")
class RiskForecast:
    analysis_id: strawberry.ID
    finished_at: datetime
    p50_finish: date | None
    p80_finish: date | None
    deadline: date | None
    deadline_probability: float | None = strawberry.field(
        description="Chance of finishing by the deadline, 0..1"
    )

    @classmethod
    def from_dto(cls, dto: RiskForecastDTO) -> RiskForecast:
        return cls(
            analysis_id=gid(dto.analysis_id),
            finished_at=dto.finished_at,
            p50_finish=dto.p50_finish,
            p80_finish=dto.p80_finish,
            deadline=dto.deadline,
            deadline_probability=days(dto.deadline_probability),
        )


@strawberry.type(description="A finish percentile: working days after the start, and the day.")
class FinishPercentile:
    percent: int
    days: float
    finish: date


@strawberry.type(description="A milestone's (or a task with a deadline's) forecast.")
class MilestoneForecast:
    task_id: strawberry.ID
    name: str
    deadline: date | None
    p50: date
    p80: date
    probability_on_time: float | None

    @classmethod
    def from_dto(cls, dto: MilestoneForecastDTO) -> MilestoneForecast:
        return cls(
            task_id=gid(dto.task_id),
            name=dto.name,
            deadline=dto.deadline,
            p50=dto.p50,
            p80=dto.p80,
            probability_on_time=dto.probability_on_time,
        )


@strawberry.type(description="Share of iterations in which the task was critical.")
class TaskCriticality:
    task_id: strawberry.ID
    name: str
    index: float

    @classmethod
    def from_dto(cls, dto: CriticalityDTO) -> TaskCriticality:
        return cls(task_id=gid(dto.task_id), name=dto.name, index=dto.index)


@strawberry.type(description="A tornado bar: a task's duration or a risk's occurrence.")
class TornadoBar:
    kind: str = strawberry.field(description="task or risk")
    task_id: strawberry.ID | None
    risk_id: strawberry.ID | None
    name: str
    correlation: float = strawberry.field(description="Rank correlation with the finish")

    @classmethod
    def from_dto(cls, dto: TornadoBarDTO) -> TornadoBar:
        return cls(
            kind=dto.kind,
            task_id=None if dto.task_id is None else gid(dto.task_id),
            risk_id=None if dto.risk_id is None else gid(dto.risk_id),
            name=dto.name,
            correlation=dto.correlation,
        )


@strawberry.type(description="A finished analysis' forecast.")
class RiskResult:
    iterations_run: int
    converged: bool
    deterministic_finish: date = strawberry.field(description="CPM finish, planned durations")
    mean_days: float
    std_days: float
    mean_finish: date
    p10_finish: date
    p50_finish: date
    p80_finish: date
    p90_finish: date
    percentiles: list[FinishPercentile]
    deadline: date | None
    deadline_probability: float | None
    milestones: list[MilestoneForecast]
    criticality: list[TaskCriticality]
    tornado: list[TornadoBar]
    histogram_edges_days: list[float]
    histogram_counts: list[int]
    cumulative_days: list[float] = strawberry.field(description="With cumulativeProbability")
    cumulative_probability: list[float]

    @classmethod
    def from_dto(cls, dto: RiskResultDTO) -> RiskResult:
        return cls(
            iterations_run=dto.iterations_run,
            converged=dto.converged,
            deterministic_finish=dto.deterministic_finish,
            mean_days=dto.mean_days,
            std_days=dto.std_days,
            mean_finish=dto.mean_finish,
            p10_finish=dto.p10_finish,
            p50_finish=dto.p50_finish,
            p80_finish=dto.p80_finish,
            p90_finish=dto.p90_finish,
            percentiles=[
                FinishPercentile(percent=p.percent, days=p.days, finish=p.finish)
                for p in dto.percentiles
            ],
            deadline=dto.deadline,
            deadline_probability=dto.deadline_probability,
            milestones=[MilestoneForecast.from_dto(m) for m in dto.milestones],
            criticality=[TaskCriticality.from_dto(c) for c in dto.criticality],
            tornado=[TornadoBar.from_dto(b) for b in dto.tornado],
            histogram_edges_days=dto.histogram.edges_days,
            histogram_counts=dto.histogram.counts,
            cumulative_days=[c.days for c in dto.cumulative],
            cumulative_probability=[c.probability for c in dto.cumulative],
        )


@strawberry.type(description="A schedule risk analysis in a project's list (no result).")
class RiskAnalysisSummary(Node):
    id: strawberry.ID
    job_id: strawberry.ID | None
    iterations: int
    seed: str = strawberry.field(description="64-bit seed, as a string")
    p50_finish: date | None
    p80_finish: date | None
    deadline: date | None
    deadline_probability: float | None
    created_by: str | None
    created_at: datetime
    finished_at: datetime | None

    def node_type(self) -> str:
        # The summary and the full analysis are one object: one global id.
        return "RiskAnalysis"

    @classmethod
    def from_dto(cls, dto: RiskAnalysisSummaryDTO) -> RiskAnalysisSummary:
        return cls(
            id=gid(dto.id),
            job_id=None if dto.job_id is None else gid(dto.job_id),
            iterations=dto.iterations,
            seed=str(dto.seed),
            p50_finish=dto.p50_finish,
            p80_finish=dto.p80_finish,
            deadline=dto.deadline,
            deadline_probability=days(dto.deadline_probability),
            created_by=dto.created_by,
            created_at=dto.created_at,
            finished_at=dto.finished_at,
        )


@strawberry.type(description="A schedule risk analysis: its job's state, then its forecast.")
class RiskAnalysis(RiskAnalysisSummary):
    project_id: strawberry.ID
    state: JobState
    progress: float = strawberry.field(description="0..1")
    estimated_tasks: int = strawberry.field(description="Tasks with a three-point estimate")
    risk_driver_ids: list[strawberry.ID] = strawberry.field(description="RAID risks it used")
    result: RiskResult | None = strawberry.field(description="Once its job succeeded")
    histogram_svg_path: str = strawberry.field(description="On the projects service")
    cumulative_svg_path: str = strawberry.field(description="On the projects service")
    tornado_svg_path: str = strawberry.field(description="On the projects service")

    @classmethod
    def from_full(cls, dto: RiskAnalysisDTO) -> RiskAnalysis:
        summary = RiskAnalysisSummary.from_dto(dto)
        return cls(
            **vars(summary),
            project_id=gid(dto.project_id),
            state=JobState(dto.state.value),
            progress=dto.progress,
            estimated_tasks=dto.inputs.estimated_tasks,
            risk_driver_ids=[gid(d.risk_id) for d in dto.inputs.risk_drivers],
            result=None if dto.result is None else RiskResult.from_dto(dto.result),
            histogram_svg_path=dto.links.histogram,
            cumulative_svg_path=dto.links.cumulative,
            tornado_svg_path=dto.links.tornado,
        )
