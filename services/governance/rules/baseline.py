"""Rule kinds over the project's baseline: one set in time, and the variances against it."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from services.governance.rules.base import Facts, Outcome, Params, RuleKind, number
from services.governance.rules.phases import PhaseParams, in_phases, phase_text
from services.governance.rules.registry import register


class BaselineBeforePhaseParams(PhaseParams):
    """The phase (and the later ones) by which the project must have a baseline."""


def check_baseline_before_phase(facts: Facts, params: BaselineBeforePhaseParams) -> Outcome:
    project = facts.project
    if not in_phases(project, params.phase, params.later_phases):
        return Outcome.not_applicable(
            f"The project is in {phase_text(project)}, not in {params.phase!r} or later.",
            phase=project.phase,
        )
    if project.baseline is None:
        return Outcome.failed(
            f"The project is in phase {project.phase!r} without a baseline.", phase=project.phase
        )
    return Outcome.passed(
        f"The project has baseline {project.baseline.number}.",
        phase=project.phase,
        baseline_id=str(project.baseline.id),
        baseline_count=project.baseline_count,
    )


BASELINE_BEFORE_PHASE = register(
    RuleKind(
        name="baseline_before_phase",
        title="Baseline set before a phase",
        description=(
            "Once the project is in `phase` or one of `later_phases`, it must have a baseline. "
            "Not applicable in other phases and while the project has no phase."
        ),
        params=BaselineBeforePhaseParams,
        check=check_baseline_before_phase,
        example={"phase": "execution", "later_phases": ["closing"]},
    )
)


class ScheduleVarianceParams(Params):
    """How late the project's finish may be against its baseline."""

    max_days: float = Field(
        10.0,
        ge=0,
        le=10_000,
        description="Most working days the scheduled finish may lie after the baseline finish.",
    )


def check_schedule_variance(facts: Facts, params: ScheduleVarianceParams) -> Outcome:
    variance = facts.project.finish_variance_days
    if facts.project.baseline is None or variance is None:
        return Outcome.not_applicable("The project has no baseline finish to compare with.")
    value = float(variance)
    evidence = {"value": value, "limit": params.max_days, "comparison": "<=", "unit": "days"}
    text = f"The finish is {number(value)} working days after the baseline"
    if value > params.max_days:
        return Outcome.failed(f"{text} (limit {number(params.max_days)}).", **evidence)
    return Outcome.passed(f"{text}.", **evidence)


SCHEDULE_VARIANCE = register(
    RuleKind(
        name="schedule_variance",
        title="Schedule variance within N days",
        description=(
            "Passes when the scheduled finish lies at most max_days working days after the "
            "current baseline's finish (finish_variance_days; an earlier finish is negative "
            "and passes). Not applicable without a baseline."
        ),
        params=ScheduleVarianceParams,
        check=check_schedule_variance,
        example={"max_days": 10},
    )
)


class CostVarianceParams(Params):
    """How far the planned cost may exceed the baseline cost."""

    max_percent: float = Field(
        10.0,
        ge=0,
        le=10_000,
        description="Most percent by which the planned cost may exceed the baseline cost.",
    )


def check_cost_variance(facts: Facts, params: CostVarianceParams) -> Outcome:
    baseline = facts.project.baseline
    if baseline is None or baseline.total_cost is None or baseline.total_cost <= 0:
        return Outcome.not_applicable("The project has no baseline cost to compare with.")
    costs = [t.cost for t in facts.project.tasks if not t.is_summary and t.cost is not None]
    if not costs:
        return Outcome.not_applicable("No task of the plan has a cost.")
    current = sum(costs, Decimal(0))
    value = float((current - baseline.total_cost) / baseline.total_cost * 100)
    evidence = {
        "value": round(value, 2),
        "limit": params.max_percent,
        "comparison": "<=",
        "unit": "%",
        "planned_cost": str(current),
        "baseline_cost": str(baseline.total_cost),
    }
    text = f"The planned cost is {number(value)} % over the baseline"
    if value > params.max_percent:
        return Outcome.failed(f"{text} (limit {number(params.max_percent)} %).", **evidence)
    return Outcome.passed(f"{text}.", **evidence)


COST_VARIANCE = register(
    RuleKind(
        name="cost_variance",
        title="Cost variance within N %",
        description=(
            "Passes when (planned cost - baseline cost) / baseline cost is at most max_percent "
            "percent; the planned cost is the sum of the costs of the plan's non-summary tasks "
            "(as the baseline's total is), an underrun is negative and passes. Not applicable "
            "without a baseline, a baseline cost above 0, or any task cost."
        ),
        params=CostVarianceParams,
        check=check_cost_variance,
        example={"max_percent": 10},
    )
)
