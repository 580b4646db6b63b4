"""Duration distributions and their quantile functions (vectorised, numpy only).

A :class:`Distribution` is a three-point estimate in working days: ``fixed`` (always the most
likely value), ``triangular`` or ``pert`` (the Beta-PERT with the usual lambda = 4:
alpha = 1 + 4 (m - a) / (b - a), beta = 1 + 4 (b - m) / (b - a), mean (a + 4m + b) / 6).

Sampling goes through the quantile function (inverse CDF), so Latin hypercube strata map to
duration strata. The triangular quantile is closed-form. The Beta quantile has no closed form
and scipy is not a dependency: the CDF is tabulated once per shape on a grid that is dense
near both ends (x = (1 - cos(pi t)) / 2, where a Beta density with alpha or beta in (1, 2) has
its singular derivative), integrated by the trapezoid rule and inverted by linear
interpolation: quantiles are good to ~1e-7 of the range, far below any sampling error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from services.projects.risk.errors import RiskInputError

Kind = Literal["fixed", "triangular", "pert"]
KINDS: tuple[Kind, ...] = ("fixed", "triangular", "pert")
PERT_LAMBDA = 4.0
_GRID = 4097
_EVEN_GRID = 16385
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Distribution:
    """A three-point estimate in working days (optimistic <= most likely <= pessimistic)."""

    kind: Kind
    optimistic: float
    most_likely: float
    pessimistic: float

    @classmethod
    def fixed(cls, days: float) -> Distribution:
        return cls("fixed", days, days, days)

    @classmethod
    def triangular(cls, optimistic: float, most_likely: float, pessimistic: float) -> Distribution:
        return cls("triangular", optimistic, most_likely, pessimistic)

    @classmethod
    def pert(cls, optimistic: float, most_likely: float, pessimistic: float) -> Distribution:
        return cls("pert", optimistic, most_likely, pessimistic)

    @property
    def is_fixed(self) -> bool:
        return self.kind == "fixed" or self.optimistic == self.pessimistic

    def validate(self, field: str, task_id: object = None) -> None:
        if self.kind not in KINDS:
            raise RiskInputError(
                f"unknown distribution {self.kind!r} (expected fixed, triangular or pert)",
                field=f"{field}.kind",
                task_id=task_id,
                code="invalid_estimate",
            )
        values = (self.optimistic, self.most_likely, self.pessimistic)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
            raise _estimate_error(field, "estimates must be finite numbers of days", task_id)
        if min(values) < 0:
            raise _estimate_error(field, "estimates must not be negative", task_id)
        if self.kind == "fixed":
            return
        if self.optimistic > self.most_likely:
            raise _estimate_error(field, "optimistic must not exceed most_likely", task_id)
        if self.pessimistic < self.most_likely:
            raise _estimate_error(field, "pessimistic must not be below most_likely", task_id)

    def mean(self) -> float:
        a, m, b = self.optimistic, self.most_likely, self.pessimistic
        if self.is_fixed:
            return m
        if self.kind == "triangular":
            return (a + m + b) / 3
        return (a + PERT_LAMBDA * m + b) / (PERT_LAMBDA + 2)

    def variance(self) -> float:
        a, m, b = self.optimistic, self.most_likely, self.pessimistic
        if self.is_fixed:
            return 0.0
        if self.kind == "triangular":
            return (a * a + m * m + b * b - a * m - a * b - m * b) / 18
        mu = self.mean()
        return (mu - a) * (b - mu) / (PERT_LAMBDA + 3)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "optimistic": self.optimistic,
            "most_likely": self.most_likely,
            "pessimistic": self.pessimistic,
        }


def _estimate_error(field: str, message: str, task_id: object) -> RiskInputError:
    return RiskInputError(message, field=field, task_id=task_id, code="invalid_estimate")


def quantiles(dist: Distribution, u: FloatArray) -> FloatArray:
    """Durations in days at the probabilities ``u`` (each in [0, 1])."""
    a, m, b = dist.optimistic, dist.most_likely, dist.pessimistic
    if dist.is_fixed:
        return np.full(u.shape, m, dtype=np.float64)
    if dist.kind == "triangular":
        return triangular_quantiles(a, m, b, u)
    alpha, beta = pert_shape(a, m, b)
    return a + (b - a) * _beta_quantiles(round(alpha, 12), round(beta, 12), u)


def triangular_quantiles(a: float, m: float, b: float, u: FloatArray) -> FloatArray:
    width = b - a
    split = (m - a) / width
    low = a + np.sqrt(u * width * (m - a))
    high = b - np.sqrt((1 - u) * width * (b - m))
    return np.where(u < split, low, high)


def pert_shape(a: float, m: float, b: float) -> tuple[float, float]:
    width = b - a
    return 1 + PERT_LAMBDA * (m - a) / width, 1 + PERT_LAMBDA * (b - m) / width


def _beta_quantiles(alpha: float, beta: float, u: FloatArray) -> FloatArray:
    """Quantiles of Beta(alpha, beta): read from a table on an even grid of probabilities
    (no search), except in the first and last cells, where the quantile function is steep
    and the CDF table is inverted by interpolation instead."""
    cdf, x, even = _beta_table(alpha, beta)
    last = even.size - 1
    position = u * last
    cell = np.minimum(position.astype(np.intp), last - 1)
    low = even[cell]
    out: FloatArray = low + (position - cell) * (even[cell + 1] - low)
    edge = (cell < 1) | (cell >= last - 1)
    if edge.any():
        out[edge] = np.interp(u[edge], cdf, x)
    return out


@lru_cache(maxsize=4096)
def _beta_table(alpha: float, beta: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    """CDF values and the points in [0, 1] where they are reached, for Beta(alpha, beta),
    and the quantiles at an even grid of probabilities."""
    x = (1 - np.cos(np.linspace(0.0, math.pi, _GRID))) / 2
    x[0], x[-1] = 0.0, 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_pdf = (alpha - 1) * np.log(x) + (beta - 1) * np.log1p(-x)
    pdf = np.exp(np.nan_to_num(log_pdf, nan=-np.inf, neginf=-np.inf))
    if alpha == 1:
        pdf[0] = 1.0  # (1 - x)^(beta - 1) at 0; 0 * log(0) read as nan above
    if beta == 1:
        pdf[-1] = 1.0  # x^(alpha - 1) at 1
    steps = (pdf[1:] + pdf[:-1]) / 2 * np.diff(x)
    cdf = np.concatenate(([0.0], np.cumsum(steps)))
    cdf /= cdf[-1]
    even = np.interp(np.linspace(0.0, 1.0, _EVEN_GRID), cdf, x)
    return cdf, x, even
