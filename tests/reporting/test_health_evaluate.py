"""The pure health evaluator: each metric against its thresholds, dimensions from their
metrics, the overall by the policy's combination, and missing figures as unknown."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from services.reporting.health.evaluate import HealthFacts, evaluate, rate
from services.reporting.policies.policy import (
    DEFAULT_POLICY,
    Combine,
    Comparison,
    Dimension,
    Metric,
    Rag,
)

TODAY = date(2026, 10, 20)
ON_TRACK = HealthFacts(
    spi=Decimal("1.02"),
    spi_t=Decimal("1.00"),
    cpi=Decimal("0.99"),
    float_consumed_days=Decimal("0"),
    overdue_milestones=0,
    open_risk_scores=[4, 9, 12],
    compliance_score=Decimal("92.50"),
    last_status_update_on=date(2026, 10, 16),
)


def _facts(**changes: object) -> HealthFacts:
    return dataclasses.replace(ON_TRACK, **changes)  # type: ignore[arg-type]


def _dimension(result, name: Dimension):
    [found] = [d for d in result.dimensions if d.name is name]
    return found


def test_a_project_on_track_is_green_in_every_dimension_with_its_reasons() -> None:
    result = evaluate(ON_TRACK, DEFAULT_POLICY, TODAY)
    assert result.overall is Rag.green
    assert [d.name for d in result.dimensions] == list(Dimension)
    assert {d.rag for d in result.dimensions} == {Rag.green}
    schedule = _dimension(result, Dimension.schedule)
    assert [r.metric for r in schedule.reasons] == ["spi", "spi_t"]
    spi = schedule.reasons[0]
    assert (spi.value, spi.threshold, spi.comparison) == (
        Decimal("1.02"),
        Decimal("0.95"),
        Comparison.below,
    )
    assert spi.policy_version == 0
    assert spi.message == "SPI 1.02 is not below the amber threshold 0.95."


def test_thresholds_below_and_above_give_amber_then_red() -> None:
    assert rate(Metric.spi, Decimal("0.95"), DEFAULT_POLICY).rag is Rag.green  # not below
    assert rate(Metric.spi, Decimal("0.94"), DEFAULT_POLICY).rag is Rag.amber
    red = rate(Metric.spi, Decimal("0.8"), DEFAULT_POLICY)
    assert (red.rag, red.threshold) == (Rag.red, Decimal("0.85"))
    assert red.message == "SPI 0.8 is below the red threshold 0.85."
    assert rate(Metric.overdue_milestones, Decimal(0), DEFAULT_POLICY).rag is Rag.green
    assert rate(Metric.overdue_milestones, Decimal(1), DEFAULT_POLICY).rag is Rag.amber
    assert rate(Metric.overdue_milestones, Decimal(2), DEFAULT_POLICY).rag is Rag.amber
    assert rate(Metric.overdue_milestones, Decimal(3), DEFAULT_POLICY).rag is Rag.red


def test_schedule_takes_the_worse_of_spi_and_spi_t() -> None:
    result = evaluate(_facts(spi=Decimal("0.97"), spi_t=Decimal("0.84")), DEFAULT_POLICY, TODAY)
    schedule = _dimension(result, Dimension.schedule)
    assert schedule.rag is Rag.red
    assert result.overall is Rag.red
    assert [r.metric for r in result.overall_reasons] == ["spi_t"]


def test_missing_figures_are_unknown_not_green() -> None:
    facts = _facts(
        spi=None, spi_t=None, cpi=None, compliance_score=None, last_status_update_on=None
    )
    result = evaluate(facts, DEFAULT_POLICY, TODAY)
    for name in (Dimension.schedule, Dimension.cost, Dimension.governance, Dimension.staleness):
        dimension = _dimension(result, name)
        assert dimension.rag is Rag.unknown, name
        assert all(r.value is None and r.threshold is None for r in dimension.reasons)
    governance = _dimension(result, Dimension.governance).reasons[0]
    assert "no compliance evaluation" in governance.message
    # The known dimensions still decide the overall.
    assert result.overall is Rag.green


def test_nothing_known_makes_the_overall_unknown() -> None:
    policy = dataclasses.replace(DEFAULT_POLICY, enabled=frozenset({Dimension.cost}))
    result = evaluate(_facts(cpi=None), policy, TODAY)
    assert result.overall is Rag.unknown
    assert [r.metric for r in result.overall_reasons] == ["cpi"]


def test_high_risks_count_from_the_policy_score() -> None:
    facts = _facts(open_risk_scores=[15, 16, 20, 25, 3])
    result = evaluate(facts, DEFAULT_POLICY, TODAY)
    risk = _dimension(result, Dimension.risk)
    assert (risk.rag, risk.reasons[0].value) == (Rag.red, Decimal(4))
    stricter = dataclasses.replace(DEFAULT_POLICY, high_risk_score=21)
    assert _dimension(evaluate(facts, stricter, TODAY), Dimension.risk).rag is Rag.amber


def test_staleness_counts_days_to_today() -> None:
    fresh = evaluate(_facts(last_status_update_on=date(2026, 10, 6)), DEFAULT_POLICY, TODAY)
    assert result_value(fresh, Metric.days_since_status_update) == Decimal(14)
    assert _dimension(fresh, Dimension.staleness).rag is Rag.green
    stale = evaluate(_facts(last_status_update_on=date(2026, 9, 1)), DEFAULT_POLICY, TODAY)
    assert _dimension(stale, Dimension.staleness).rag is Rag.red
    ahead = evaluate(_facts(last_status_update_on=date(2026, 10, 25)), DEFAULT_POLICY, TODAY)
    assert result_value(ahead, Metric.days_since_status_update) == Decimal(0)


def result_value(result, metric: Metric) -> Decimal | None:
    return result.values[metric]


def test_disabled_dimensions_are_left_out() -> None:
    policy = dataclasses.replace(
        DEFAULT_POLICY, enabled=frozenset({Dimension.cost, Dimension.milestones})
    )
    result = evaluate(_facts(spi=Decimal("0.1")), policy, TODAY)
    assert [d.name for d in result.dimensions] == [Dimension.cost, Dimension.milestones]
    assert result.overall is Rag.green


def test_count_combination_turns_enough_ambers_red() -> None:
    ambers = _facts(cpi=Decimal("0.9"), overdue_milestones=1)  # cost and milestones amber
    policy = dataclasses.replace(DEFAULT_POLICY, combine=Combine.by_count, ambers_for_red=2)
    result = evaluate(ambers, policy, TODAY)
    assert result.overall is Rag.red
    count = result.overall_reasons[0]
    assert (count.metric, count.value, count.threshold) == ("amber_dimensions", 2, 2)
    assert count.comparison is Comparison.at_least
    assert {r.metric for r in result.overall_reasons[1:]} == {"cpi", "overdue_milestones"}
    lenient = dataclasses.replace(policy, ambers_for_red=3)
    assert evaluate(ambers, lenient, TODAY).overall is Rag.amber
    worst = dataclasses.replace(DEFAULT_POLICY, combine=Combine.worst)
    assert evaluate(ambers, worst, TODAY).overall is Rag.amber


def test_long_values_are_rounded_in_messages_only() -> None:
    reason = rate(Metric.cpi, Decimal("0.857142857142857"), DEFAULT_POLICY)
    assert reason.value == Decimal("0.857142857142857")
    assert reason.message == "CPI 0.857 is below the amber threshold 0.95."
