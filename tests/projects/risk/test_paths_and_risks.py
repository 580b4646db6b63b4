"""Criticality indices a hand calculation predicts, risk drivers, correlation, the tornado."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from services.projects.engine import LinkInput, TaskInput
from services.projects.risk import (
    Correlation,
    Distribution,
    Impact,
    RiskDriver,
    SimulationInput,
    simulate,
)
from services.projects.risk.distributions import quantiles
from services.projects.risk.sampling import average_ranks, spearman_with
from tests.projects.risk.plans import plan

N = 20_000


def _two_paths(first: Distribution, second: Distribution) -> SimulationInput:
    tasks = [
        TaskInput("start", duration_days=0),
        TaskInput("p1", duration_days=first.most_likely),
        TaskInput("p2", duration_days=second.most_likely),
        TaskInput("end", duration_days=0),
    ]
    links = [
        LinkInput("start", "p1"),
        LinkInput("start", "p2"),
        LinkInput("p1", "end"),
        LinkInput("p2", "end"),
    ]
    return SimulationInput(
        plan(tasks, links),
        {"p1": first, "p2": second},
        iterations=N,
        chunk_size=5_000,
        seed=42,
        convergence=None,
    )


def test_a_fixed_path_against_a_triangular_one() -> None:
    # P(T(2, 3, 6) > 4) = (6 - 4)^2 / ((6 - 2)(6 - 3)) = 1/3: the triangular path is critical
    # a third of the time, the fixed one the rest (ties have probability zero).
    result = simulate(_two_paths(Distribution.fixed(4), Distribution.triangular(2, 3, 6)))
    # Each 5,000-iteration chunk is a Latin hypercube in p2's probability: the count of
    # p2 > 4 in a chunk is exact to one, so over the run to 4 / N.
    assert result.criticality["p2"] == pytest.approx(1 / 3, abs=4 / N + 1e-12)
    assert result.criticality["p1"] == pytest.approx(2 / 3, abs=4 / N + 1e-12)
    assert result.criticality["start"] == result.criticality["end"] == 1.0
    assert [bar.key for bar in result.tornado] == ["p2"]


def test_two_uncertain_paths() -> None:
    first, second = Distribution.triangular(2, 4, 6), Distribution.triangular(1, 3, 8)
    result = simulate(_two_paths(first, second))
    # P(p2 > p1) = integral of f1(x) (1 - F2(x)) dx, by the midpoint rule on a fine grid.
    u = (np.arange(400_000) + 0.5) / 400_000
    x = quantiles(first, u)  # x distributed as p1: average P(p2 > x) over it
    y = np.sort(quantiles(second, u))
    exact = float(np.mean(1 - np.searchsorted(y, x) / y.size))
    # The pairing of the two columns is random: binomial error, four standard deviations.
    bound = 4 * math.sqrt(exact * (1 - exact) / N)
    assert result.criticality["p2"] == pytest.approx(exact, abs=bound)
    assert result.criticality["p1"] + result.criticality["p2"] == pytest.approx(1.0, abs=1e-9)


def test_a_risk_driver_adds_its_impact_with_its_probability(
    make_input: Callable[..., SimulationInput],
) -> None:
    schedule = plan(
        [TaskInput("a", duration_days=2), TaskInput("b", duration_days=1)], [LinkInput("a", "b")]
    )
    risk = RiskDriver(
        "supplier late",
        0.3,
        [Impact("a", Distribution.fixed(1)), Impact("b", Distribution.fixed(0.5))],
    )
    result = simulate(make_input(schedule, risks=[risk], iterations=N, chunk_size=N))
    assert result.finish_days is not None
    hit = result.finish_days > 3.0001
    assert float(hit.mean()) == pytest.approx(0.3, abs=1 / N)  # one stratum
    assert set(np.round(result.finish_days, 6)) == {3.0, 4.5}
    assert result.tornado[0].kind in {"risk", "task"}
    assert {bar.key for bar in result.tornado} == {"supplier late", "a", "b"}
    assert all(bar.correlation == pytest.approx(1.0) for bar in result.tornado)


def test_an_uncertain_impact(make_input: Callable[..., SimulationInput]) -> None:
    schedule = plan([TaskInput("a", duration_days=2)])
    risk = RiskDriver("rework", 0.5, [Impact("a", Distribution.triangular(0, 1, 2))])
    result = simulate(make_input(schedule, risks=[risk], iterations=N, chunk_size=N))
    assert result.mean_days == pytest.approx(2 + 0.5 * 1, abs=0.01)


def test_correlation_reaches_the_target_rank_correlation(
    make_input: Callable[..., SimulationInput],
) -> None:
    tasks = [TaskInput(t, duration_days=3) for t in "abc"]
    schedule = plan(tasks)
    estimates = {t: Distribution.triangular(1, 3, 9) for t in "abc"}
    correlations = [Correlation("a", "b", 0.8), Correlation("a", "c", -0.4)]
    inp = make_input(
        schedule, estimates, correlations=correlations, iterations=N, chunk_size=N, seed=5
    )
    from services.projects.risk.model import resolve
    from services.projects.risk.network import build_network
    from services.projects.risk.sampling import correlation_factor
    from services.projects.risk.simulate import _sample_chunk

    net = build_network(schedule)
    model = resolve(inp, net)
    assert model.rank_matrix is not None
    durations, _ = _sample_chunk(5, 0, N, net, model, correlation_factor(model.rank_matrix))
    rho = spearman_with(durations[[1, 2]], durations[0])
    assert rho[0] == pytest.approx(0.8, abs=0.02)
    assert rho[1] == pytest.approx(-0.4, abs=0.02)
    # Each column keeps its Latin hypercube values (one per stratum); only the pairing moved.
    uncorrelated, _ = _sample_chunk(5, 0, N, net, model, None)
    assert np.array_equal(np.sort(durations, axis=1), np.sort(uncorrelated, axis=1))
    assert abs(spearman_with(uncorrelated[[1]], uncorrelated[0])[0]) < 0.05
    independent = simulate(make_input(schedule, estimates, iterations=N, chunk_size=N, seed=5))
    correlated = simulate(inp)
    # Positively correlated parallel paths spread the finish less than independent ones.
    assert correlated.percentile(90).days < independent.percentile(90).days


def test_spearman_handles_ties() -> None:
    rows = np.array([[0, 0, 1, 1], [1, 2, 3, 4], [5, 5, 5, 5]], dtype=np.float32)
    target = np.array([1.0, 2.0, 3.0, 4.0])
    assert average_ranks(rows[:1])[0].tolist() == [1.5, 1.5, 3.5, 3.5]
    rho = spearman_with(rows, target)
    assert rho[0] == pytest.approx(2 / math.sqrt(5))
    assert rho[1] == pytest.approx(1.0)
    assert rho[2] == 0.0
