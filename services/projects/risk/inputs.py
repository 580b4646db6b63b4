"""What a simulation is asked to do: plain data an API or a job runner builds and passes in.

Limits (the API maps a breach to 422): at most :data:`MAX_ITERATIONS` iterations, and at most
:data:`MAX_SAMPLES` sampled values (iterations x uncertain tasks and risk drivers): the
sensitivity analysis keeps every sampled duration (4 bytes each) to rank them, so this bounds
its memory (~200 MB); the passes themselves only hold one chunk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from services.projects.engine.model import ScheduleInput
from services.projects.risk.distributions import Distribution
from services.projects.risk.errors import IterationLimitError, RiskInputError

MAX_ITERATIONS = 100_000
MAX_SAMPLES = 50_000_000
MAX_CHUNK = 20_000
# A chunk holds about a dozen arrays of tasks x chunk 8-byte values (dates, durations, floats,
# samples): a big plan runs smaller chunks, so a chunk stays near 200 MB whatever its size.
MAX_CHUNK_CELLS = 2_000_000
MIN_CHUNK = 100

# Called after each chunk with (iterations done, iterations planned at most). A job runner
# records progress here; raising from it abandons the run (e.g. a cancelled job).
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Impact:
    """What a risk does to one task when it occurs: extra working days (a distribution)."""

    task_id: Hashable
    days: Distribution


@dataclass(frozen=True, slots=True)
class RiskDriver:
    """A risk (e.g. from the RAID log) that occurs in an iteration with ``probability`` and
    then lengthens each named task by its impact. Occurrence is sampled once per iteration
    for all its tasks."""

    name: str
    probability: float
    impacts: Sequence[Impact]


@dataclass(frozen=True, slots=True)
class Correlation:
    """Target rank (Spearman) correlation between two tasks' sampled durations."""

    task_a: Hashable
    task_b: Hashable
    rho: float


@dataclass(frozen=True, slots=True)
class Convergence:
    """Stop once the mean and the P80 finish each moved by less than ``relative_tolerance``
    of the mean project duration (and at least one minute) over ``stable_chunks`` successive
    chunks, after at least ``min_iterations``."""

    relative_tolerance: float = 0.001
    min_iterations: int = 2_000
    stable_chunks: int = 2


@dataclass(frozen=True, slots=True)
class SimulationInput:
    """A plan (the engine's own input) and its uncertainty. Tasks without an estimate keep
    their planned duration. ``iterations`` is the most that will run; with ``convergence``
    the run may stop earlier, at a chunk boundary."""

    schedule: ScheduleInput
    estimates: Mapping[Hashable, Distribution] = field(default_factory=dict)
    risks: Sequence[RiskDriver] = ()
    correlations: Sequence[Correlation] = ()
    iterations: int = 10_000
    seed: int = 0
    chunk_size: int = 1_000
    convergence: Convergence | None = field(default_factory=Convergence)
    tornado_size: int = 10
    histogram_bins: int = 40


def check_options(inp: SimulationInput) -> None:
    """The numeric options: sizes, seed, convergence settings."""
    for name in ("iterations", "chunk_size", "tornado_size", "histogram_bins"):
        value = getattr(inp, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise RiskInputError(
                f"{name} must be a positive integer", field=name, code="invalid_option"
            )
    if inp.iterations > MAX_ITERATIONS:
        raise IterationLimitError(
            f"iterations must not exceed {MAX_ITERATIONS:,} (asked for {inp.iterations:,})",
            field="iterations",
        )
    if inp.chunk_size > MAX_CHUNK:
        raise RiskInputError(
            f"chunk_size must not exceed {MAX_CHUNK:,}", field="chunk_size", code="invalid_option"
        )
    if not isinstance(inp.seed, int) or not 0 <= inp.seed < 2**63:
        raise RiskInputError(
            "seed must be an integer in [0, 2^63)", field="seed", code="invalid_option"
        )
    conv = inp.convergence
    if conv is not None and not (
        math.isfinite(conv.relative_tolerance)
        and conv.relative_tolerance > 0
        and conv.min_iterations >= 1
        and conv.stable_chunks >= 1
    ):
        raise RiskInputError(
            "convergence needs a positive tolerance, min_iterations and stable_chunks",
            field="convergence",
            code="invalid_option",
        )


def effective_chunk(chunk_size: int, tasks: int) -> int:
    """The chunk size a run uses: the one asked for, smaller on big plans (see
    :data:`MAX_CHUNK_CELLS`). It depends only on the inputs, so a rerun samples the same."""
    return max(MIN_CHUNK, min(chunk_size, MAX_CHUNK_CELLS // max(tasks, 1)))


def check_sample_budget(iterations: int, columns: int) -> None:
    if iterations * columns > MAX_SAMPLES:
        raise IterationLimitError(
            f"iterations x uncertain tasks and risks must not exceed {MAX_SAMPLES:,} "
            f"({iterations:,} x {columns:,})",
            field="iterations",
        )
