"""The Monte Carlo run: chunks of Latin hypercube samples through the vectorised passes until
the iterations are done or the forecast has converged.

Memory: a chunk holds a few ``(tasks, chunk)`` float arrays (dates, durations, floats; 8
bytes a value; big plans run smaller chunks, see ``inputs.effective_chunk``). Across chunks
only per-iteration finishes, milestone finishes, per-task counters and the sampled durations
of uncertain tasks (float32, for the sensitivity ranks, bounded by ``inputs.MAX_SAMPLES``)
are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from services.projects.risk.distributions import quantiles
from services.projects.risk.inputs import (
    ProgressCallback,
    SimulationInput,
    check_options,
    check_sample_budget,
    effective_chunk,
)
from services.projects.risk.model import UncertaintyModel, resolve
from services.projects.risk.network import Network, build_network
from services.projects.risk.passes import run_passes
from services.projects.risk.results import SimulationResult, Tallies
from services.projects.risk.sampling import (
    chunk_generator,
    correlation_factor,
    iman_conover,
    latin_hypercube,
)
from services.projects.risk.summarise import build_result

FloatArray = npt.NDArray[np.float64]


def simulate(inp: SimulationInput, progress: ProgressCallback | None = None) -> SimulationResult:
    """Run the schedule risk analysis of ``inp``. Raises
    :class:`~services.projects.risk.errors.RiskInputError` (bad estimates, risks,
    correlations, options; :class:`IterationLimitError` above the limits) or the engine's
    :class:`~services.projects.engine.errors.SchedulingError` (a plan it cannot schedule,
    a cycle included)."""
    check_options(inp)
    net = build_network(inp.schedule)
    model = resolve(inp, net)
    check_sample_budget(inp.iterations, len(model.uncertain) + len(model.risks))
    factor = None if model.rank_matrix is None else correlation_factor(model.rank_matrix)
    tallies = Tallies.empty(net, model, inp.iterations)
    watch = _Convergence(inp, float(net.plan.project_start))
    chunk_size = effective_chunk(inp.chunk_size, len(net.plan.ids))
    done = chunk = 0
    while done < inp.iterations:
        size = min(chunk_size, inp.iterations - done)
        durations, record = _sample_chunk(inp.seed, chunk, size, net, model, factor)
        dates = run_passes(net, durations)
        tallies.add(done, dates, durations, record)
        done += size
        chunk += 1
        if progress is not None:
            progress(done, inp.iterations)
        if watch.converged(tallies.finish[:done]):
            break
    return build_result(
        inp, net, model, tallies.trimmed(done), converged=watch.stopped, chunk_size=chunk_size
    )


def check_inputs(inp: SimulationInput) -> None:
    """Raise what :func:`simulate` would raise about ``inp`` (options, limits, a plan the
    engine cannot schedule, estimates, risks, correlations) without sampling anything: an
    API checks a request with it before queueing the run."""
    check_options(inp)
    net = build_network(inp.schedule)
    model = resolve(inp, net)
    check_sample_budget(inp.iterations, len(model.uncertain) + len(model.risks))
    if model.rank_matrix is not None:
        correlation_factor(model.rank_matrix)


@dataclass(slots=True)
class _Convergence:
    inp: SimulationInput
    project_start: float
    previous: tuple[float, float] | None = None
    stable: int = 0
    stopped: bool = False

    def converged(self, finish: FloatArray) -> bool:
        conv = self.inp.convergence
        if conv is None:
            return False
        mean, p80 = float(finish.mean()), float(np.quantile(finish, 0.8))
        previous, self.previous = self.previous, (mean, p80)
        if previous is None or finish.size < conv.min_iterations:
            return False
        tolerance = max(conv.relative_tolerance * (mean - self.project_start), 1.0)
        if abs(mean - previous[0]) <= tolerance and abs(p80 - previous[1]) <= tolerance:
            self.stable += 1
        else:
            self.stable = 0
        self.stopped = self.stable >= conv.stable_chunks and finish.size < self.inp.iterations
        return self.stopped


def _sample_chunk(
    seed: int,
    chunk: int,
    size: int,
    net: Network,
    model: UncertaintyModel,
    factor: FloatArray | None,
) -> tuple[FloatArray, FloatArray]:
    """Durations ``(tasks, size)`` in minutes, and the risks' occurrences ``(risks, size)``."""
    rng = chunk_generator(seed, chunk)
    mpd = float(net.plan.calendar.minutes_per_day)
    u = latin_hypercube(rng, size, model.columns)
    days = np.empty((size, model.columns))
    for _, dist, col in model.sampled:
        days[:, col] = quantiles(dist, u[:, col])
    if factor is not None:
        cols = model.correlated
        days[:, cols] = iman_conover(rng, days[:, cols], factor)
    durations = np.repeat(np.asarray(model.base_minutes)[:, np.newaxis], size, axis=1)
    for i, _, col in model.sampled:
        durations[i] = days[:, col] * mpd
    occurred = np.empty((len(model.risks), size))
    for r, risk in enumerate(model.risks):
        hit = u[:, risk.column] < risk.probability
        occurred[r] = hit
        for impact in risk.impacts:
            if impact.column is None:
                extra = np.full(size, impact.days.most_likely)
            else:
                extra = quantiles(impact.days, u[:, impact.column])
            durations[impact.task] += np.where(hit, extra * mpd, 0.0)
    return durations, occurred
