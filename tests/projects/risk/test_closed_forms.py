"""The forecast against closed forms (issue 12 acceptance).

Sampling error of a Latin hypercube with ``n`` iterations in one chunk: every stratum
``[k/n, (k+1)/n)`` of the probability holds exactly one sample, so the empirical CDF is within
``1/n`` of the true one everywhere. Hence, for n = 10,000:

* P(finish <= x) is within 1/n = 0.0001;
* the quantile at p is within 2/n in probability (numpy interpolates between neighbouring
  order statistics), i.e. within 2 / (n f(q)) in days, f the density at the quantile;
* the mean of a monotone function of one uniform lies between the lower and upper Riemann
  sums: within (max - min) / n.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from services.projects.engine import LinkInput, TaskInput
from services.projects.risk import Distribution, SimulationInput, simulate
from services.projects.risk.distributions import quantiles
from tests.projects.risk.plans import plan

N = 10_000


def _triangular_density(x: float, a: float, m: float, b: float) -> float:
    if x <= m:
        return 2 * (x - a) / ((b - a) * (m - a))
    return 2 * (b - x) / ((b - a) * (b - m))


def test_fixed_then_triangular_matches_closed_forms(
    make_input: Callable[..., SimulationInput],
) -> None:
    schedule = plan(
        [TaskInput("A", duration_days=2), TaskInput("B", duration_days=3)], [LinkInput("A", "B")]
    )
    inp = make_input(
        schedule,
        {"A": Distribution.fixed(2), "B": Distribution.triangular(2, 3, 6)},
        iterations=N,
        chunk_size=N,
        seed=2025,
    )
    result = simulate(inp)
    assert result.iterations_run == N
    assert result.mean_days == pytest.approx(2 + 11 / 3, abs=4 / N)
    assert result.mean_days == pytest.approx(5.667, abs=0.0005)
    for percent, expected in ((50, 5.5505), (80, 6.4508), (90, 6.9046)):
        exact = 6 + 2 - math.sqrt((1 - percent / 100) * 4 * 3)  # 2 + B's quantile
        assert exact == pytest.approx(expected, abs=5e-5)
        bound = 2 / (N * _triangular_density(exact - 2, 2, 3, 6))
        assert result.percentile(percent).days == pytest.approx(exact, abs=bound + 1e-9)
    assert result.finish_days is not None
    assert float(np.mean(result.finish_days <= 5)) == pytest.approx(0.25, abs=1 / N)
    # P10: 2 + 2 + sqrt(0.1 * 4 * 1)
    assert result.percentile(10).days == pytest.approx(4 + math.sqrt(0.4), abs=0.002)


def test_the_percentile_dates_follow_the_calendar(
    make_input: Callable[..., SimulationInput],
) -> None:
    schedule = plan(
        [TaskInput("A", duration_days=2), TaskInput("B", duration_days=3)], [LinkInput("A", "B")]
    )
    result = simulate(
        make_input(schedule, {"B": Distribution.triangular(2, 3, 6)}, iterations=N, chunk_size=N)
    )
    # 5.5505 working days from Monday 6 January 08:00: 5 days end Friday 17:00, the half day
    # more (0.5505 x 8 h = 4 h 24 min) lands on Monday 13 January, after the lunch hour.
    p50 = result.percentile(50).date
    assert (p50.date().isoformat(), p50.hour) == ("2025-01-13", 13)
    assert result.project_start.isoformat() == "2025-01-06T08:00:00"


@pytest.mark.parametrize(("a", "m", "b"), [(2, 3, 6), (1, 2, 10), (0, 0, 1), (5, 9, 9), (3, 4, 5)])
def test_pert_moments(a: float, m: float, b: float) -> None:
    dist = Distribution.pert(a, m, b)
    mean = (a + 4 * m + b) / 6
    assert dist.mean() == pytest.approx(mean)
    assert dist.variance() == pytest.approx((mean - a) * (b - mean) / 7)
    u = (np.arange(200_000) + 0.5) / 200_000  # midpoints: a fine quadrature of the quantile
    values = quantiles(dist, u)
    assert values.mean() == pytest.approx(mean, abs=1e-4 * (b - a))
    assert values.var() == pytest.approx(dist.variance(), rel=1e-3)
    assert values.min() >= a and values.max() <= b


def test_pert_median_of_a_symmetric_estimate_is_the_most_likely() -> None:
    values = quantiles(Distribution.pert(2, 5, 8), np.array([0.5]))
    assert values[0] == pytest.approx(5, abs=1e-6)


def test_triangular_moments_through_the_simulation(
    make_input: Callable[..., SimulationInput],
) -> None:
    schedule = plan([TaskInput("T", duration_days=4)])
    dist = Distribution.triangular(1, 4, 10)
    result = simulate(make_input(schedule, {"T": dist}, iterations=N, chunk_size=N, seed=3))
    assert result.mean_days == pytest.approx(5, abs=9 / N)
    assert result.std_days == pytest.approx(math.sqrt(dist.variance()), rel=2e-3)
