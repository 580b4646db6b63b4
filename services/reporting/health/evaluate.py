"""The health of one project, from its figures and a policy: a RAG per dimension and overall,
each with the reasons behind it. Pure: no I/O, no clock (the caller says what day it is).

A dimension is rated from its metrics (schedule: SPI and SPI(t); every other dimension has
one): each metric against its amber and red thresholds, the dimension taking the worst
colour among the metrics that are known. A metric that is missing (no baseline, no
compliance evaluation, no status update yet) is ``unknown`` with a reason saying so, never
green; a dimension none of whose metrics is known is ``unknown``. The overall combines the
enabled dimensions that are known, as the policy says ("worst" or "count"); with none known
it is ``unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.reporting.policies.policy import (
    COMPARISONS,
    DIMENSION_METRICS,
    Combine,
    Comparison,
    Dimension,
    Metric,
    Policy,
    Rag,
)

SEVERITY = {Rag.green: 0, Rag.amber: 1, Rag.red: 2}
AMBER_DIMENSIONS = "amber_dimensions"

LABELS: Mapping[Metric, str] = {
    Metric.spi: "SPI",
    Metric.spi_t: "SPI(t)",
    Metric.cpi: "CPI",
    Metric.float_consumed_days: "Float consumed (working days)",
    Metric.overdue_milestones: "Overdue milestones",
    Metric.open_high_risks: "Open high risks",
    Metric.compliance_score: "Compliance score",
    Metric.days_since_status_update: "Days since the last status update",
}
MISSING: Mapping[Metric, str] = {
    Metric.spi: "no baseline to measure planned value against",
    Metric.spi_t: "no baseline schedule to earn time against",
    Metric.cpi: "no earned value or no actual cost yet",
    Metric.float_consumed_days: "no baseline finish to compare the forecast with",
    Metric.overdue_milestones: "no plan",
    Metric.open_high_risks: "no risk register",
    Metric.compliance_score: "no compliance evaluation (or no rule applied)",
    Metric.days_since_status_update: "no status update yet",
}


@dataclass(frozen=True, slots=True)
class HealthFacts:
    """The figures one project's health is computed from."""

    spi: Decimal | None
    spi_t: Decimal | None
    cpi: Decimal | None
    float_consumed_days: Decimal | None
    overdue_milestones: int
    open_risk_scores: Sequence[int]
    compliance_score: Decimal | None
    last_status_update_on: date | None


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a colour: ``metric`` compared with ``threshold`` (the one breached, or the amber
    one when none is) under policy ``policy_version``."""

    metric: str
    value: Decimal | None
    threshold: Decimal | None
    comparison: Comparison
    policy_version: int
    rag: Rag
    message: str


@dataclass(frozen=True, slots=True)
class DimensionHealth:
    name: Dimension
    rag: Rag
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class HealthResult:
    overall: Rag
    overall_reasons: tuple[Reason, ...]
    dimensions: tuple[DimensionHealth, ...]
    policy_version: int
    values: Mapping[Metric, Decimal | None]


def metric_values(facts: HealthFacts, policy: Policy, today: date) -> dict[Metric, Decimal | None]:
    """Each metric's value for this policy and day."""
    high = sum(1 for score in facts.open_risk_scores if score >= policy.high_risk_score)
    since: Decimal | None = None
    if facts.last_status_update_on is not None:
        # An update dated ahead of today (reported in advance) is as fresh as one of today.
        since = Decimal(max(0, (today - facts.last_status_update_on).days))
    return {
        Metric.spi: facts.spi,
        Metric.spi_t: facts.spi_t,
        Metric.cpi: facts.cpi,
        Metric.float_consumed_days: facts.float_consumed_days,
        Metric.overdue_milestones: Decimal(facts.overdue_milestones),
        Metric.open_high_risks: Decimal(high),
        Metric.compliance_score: facts.compliance_score,
        Metric.days_since_status_update: since,
    }


def _breaches(comparison: Comparison, value: Decimal, threshold: Decimal) -> bool:
    return value < threshold if comparison is Comparison.below else value > threshold


def _shown(value: Decimal) -> str:
    """A value as a message shows it: at most three decimals, no trailing zeros."""
    exponent = value.as_tuple().exponent
    long = isinstance(exponent, int) and exponent < -3
    text = format(value.quantize(Decimal("0.001")) if long else value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def rate(metric: Metric, value: Decimal | None, policy: Policy) -> Reason:
    """One metric against the policy's thresholds."""
    comparison = COMPARISONS[metric]
    label = LABELS[metric]
    version = policy.version
    if value is None:
        message = f"{label} is unknown: {MISSING[metric]}."
        return Reason(metric.value, None, None, comparison, version, Rag.unknown, message)
    threshold = policy.thresholds[metric]
    for rag, limit in ((Rag.red, threshold.red), (Rag.amber, threshold.amber)):
        if _breaches(comparison, value, limit):
            shown = f"{label} {_shown(value)} is {comparison} the {rag} threshold"
            message = f"{shown} {_shown(limit)}."
            return Reason(metric.value, value, limit, comparison, version, rag, message)
    message = (
        f"{label} {_shown(value)} is not {comparison} the amber threshold "
        f"{_shown(threshold.amber)}."
    )
    return Reason(metric.value, value, threshold.amber, comparison, version, Rag.green, message)


def worst(rags: Sequence[Rag]) -> Rag:
    """The worst known colour; ``unknown`` when none is known."""
    known = [rag for rag in rags if rag is not Rag.unknown]
    return max(known, key=SEVERITY.__getitem__) if known else Rag.unknown


def rate_dimension(
    dimension: Dimension, values: Mapping[Metric, Decimal | None], policy: Policy
) -> DimensionHealth:
    reasons = tuple(rate(metric, values[metric], policy) for metric in DIMENSION_METRICS[dimension])
    return DimensionHealth(dimension, worst([r.rag for r in reasons]), reasons)


def _of(dimensions: Sequence[DimensionHealth], rag: Rag) -> tuple[Reason, ...]:
    return tuple(r for d in dimensions if d.rag is rag for r in d.reasons if r.rag is rag)


def combine(
    dimensions: Sequence[DimensionHealth], policy: Policy
) -> tuple[Rag, tuple[Reason, ...]]:
    """The overall colour and the reasons that decided it."""
    overall = worst([d.rag for d in dimensions])
    if overall is Rag.unknown:
        return overall, tuple(r for d in dimensions for r in d.reasons)
    if policy.combine is Combine.by_count and overall is Rag.amber:
        ambers = sum(1 for d in dimensions if d.rag is Rag.amber)
        needed = policy.ambers_for_red or 1
        if ambers >= needed:
            message = f"{ambers} dimensions are amber: at least {needed} make the overall red."
            count = Reason(
                AMBER_DIMENSIONS,
                Decimal(ambers),
                Decimal(needed),
                Comparison.at_least,
                policy.version,
                Rag.red,
                message,
            )
            return Rag.red, (count, *_of(dimensions, Rag.amber))
    return overall, _of(dimensions, overall)


def evaluate(facts: HealthFacts, policy: Policy, today: date) -> HealthResult:
    """The project's health under ``policy`` on ``today`` (the day staleness counts to)."""
    values = metric_values(facts, policy, today)
    dimensions = tuple(
        rate_dimension(dimension, values, policy)
        for dimension in Dimension
        if dimension in policy.enabled
    )
    overall, reasons = combine(dimensions, policy)
    return HealthResult(overall, reasons, dimensions, policy.version, values)
