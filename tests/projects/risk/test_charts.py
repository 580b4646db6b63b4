"""The SVG charts: valid, deterministic, labelled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from defusedxml import ElementTree

from services.projects.engine import LinkInput, TaskInput
from services.projects.risk import Distribution, Impact, RiskDriver, SimulationInput, simulate
from services.projects.risk.charts import histogram_svg, tornado_svg
from tests.projects.risk.plans import plan


def _result(make_input: Callable[..., SimulationInput]):  # type: ignore[no-untyped-def]
    tasks = [TaskInput("a", "Design", 3), TaskInput("b", "Build", 5), TaskInput("c", "Test", 2)]
    schedule = plan(tasks, [LinkInput("a", "b"), LinkInput("b", "c")], deadline=date(2025, 1, 20))
    estimates = {"a": Distribution.triangular(2, 3, 6), "b": Distribution.pert(4, 5, 9)}
    risks = [RiskDriver("vendor", 0.3, [Impact("c", Distribution.fixed(2))])]
    return simulate(make_input(schedule, estimates, risks=risks, iterations=2_000))


def test_histogram_and_tornado_are_deterministic_svg(
    make_input: Callable[..., SimulationInput],
) -> None:
    result = _result(make_input)
    histogram = histogram_svg(result)
    assert histogram == histogram_svg(_result(make_input))
    root = ElementTree.fromstring(histogram)
    assert root.tag.endswith("svg")
    text = histogram.decode()
    assert "P80" in text and "chance to meet 2025-01-20" in text
    tornado = tornado_svg(result).decode()
    ElementTree.fromstring(tornado.encode())
    assert "Build" in tornado and "vendor (risk)" in tornado
