"""Latin hypercube sampling and Iman-Conover rank correlation (numpy only).

Each chunk of iterations is its own Latin hypercube: with ``m`` iterations every column has
exactly one probability in each stratum ``[k/m, (k+1)/m)``, the strata paired at random across
columns. A run that stops at a chunk boundary is thus a union of complete designs, each as
good as a full-size one for its own size. The generator of chunk ``k`` is seeded from
``(seed, k)``, so a chunk's samples do not depend on how many chunks run.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from services.projects.risk.errors import RiskInputError

FloatArray = npt.NDArray[np.float64]


def chunk_generator(seed: int, chunk: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, chunk])))


def latin_hypercube(rng: np.random.Generator, iterations: int, columns: int) -> FloatArray:
    """``(iterations, columns)`` probabilities, one per stratum in each column."""
    strata = rng.permuted(np.tile(np.arange(iterations, dtype=np.float64), (columns, 1)), axis=1)
    jitter = rng.random((columns, iterations))
    jitter += strata
    jitter /= iterations
    return jitter.T


def pearson_target(rank_rho: FloatArray) -> FloatArray:
    """The normal (Pearson) correlation whose rank correlation is ``rank_rho``:
    rho_s = (6 / pi) asin(rho / 2), inverted."""
    return 2 * np.sin(np.pi * rank_rho / 6)


def correlation_factor(rank_matrix: FloatArray) -> FloatArray:
    """Cholesky factor of the normal correlation matrix behind the target rank correlations;
    refuses a matrix that is not positive definite (inconsistent targets)."""
    target = pearson_target(rank_matrix)
    np.fill_diagonal(target, 1.0)
    try:
        factor: FloatArray = np.asarray(np.linalg.cholesky(target), dtype=np.float64)
    except np.linalg.LinAlgError:
        raise RiskInputError(
            "the correlations are inconsistent (their matrix is not positive definite)",
            field="correlations",
            code="correlation_not_positive_definite",
        ) from None
    return factor


def iman_conover(rng: np.random.Generator, samples: FloatArray, factor: FloatArray) -> FloatArray:
    """Reorder each column of ``samples`` (iterations x k) so their rank correlations follow
    ``factor`` (Cholesky of the target normal correlations). Each column keeps its values (so
    stays a Latin hypercube); only the pairing across columns changes. A chunk with fewer
    iterations than the columns plus two (say the remainder of iterations not a multiple of
    the chunk size) cannot carry a correlation matrix and is left as sampled."""
    m, k = samples.shape
    if m < k + 2:
        return samples
    scores = rng.standard_normal((m, k))
    scores -= scores.mean(axis=0)
    actual = np.linalg.cholesky(np.corrcoef(scores, rowvar=False))
    # Remove the scores' chance correlation, then impose the target's.
    shaped = scores @ np.linalg.inv(actual).T @ factor.T
    ranks = np.argsort(np.argsort(shaped, axis=0), axis=0)
    ordered = np.sort(samples, axis=0)
    out: FloatArray = np.take_along_axis(ordered, ranks, axis=0)
    return out


def _sorted_ranks(
    rows: npt.NDArray[np.floating],
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """The sorting permutation of each row and the (1-based) ranks in sorted order, ties
    sharing their average rank (as Spearman's coefficient needs: a risk's occurrence is 0 or
    1 in every iteration). Tie groups are found on the flattened rows: a group starts where
    the value changes or a row begins, so no group spans two rows."""
    count, n = rows.shape
    # Any sort will do: ties are found as runs of equal values, whatever their order.
    order = np.argsort(rows, axis=1)
    ordered = np.take_along_axis(rows, order, axis=1)
    new_group = np.ones(rows.shape, dtype=bool)
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=new_group[:, 1:])
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, count * n))
    average = starts % n + (sizes + 1) / 2
    return order, np.repeat(average, sizes).reshape(rows.shape)


def average_ranks(rows: npt.NDArray[np.floating]) -> FloatArray:
    """Ranks (1-based) along each row, ties sharing their average rank."""
    order, ranks = _sorted_ranks(rows)
    out = np.empty(rows.shape, dtype=np.float64)
    np.put_along_axis(out, order, ranks, axis=1)
    return out


# Rows ranked at once: ranking needs ~40 bytes per value in temporaries, so blocks of about
# a million values keep it near 40 MB however many tasks and iterations there are.
_RANK_BLOCK_VALUES = 1_000_000


def spearman_with(rows: npt.NDArray[np.floating], target: FloatArray) -> FloatArray:
    """Spearman correlation of each row with ``target``; 0 for a constant row.

    Computed in each row's sorted order (no rank array is scattered back): the covariance is
    the sum of the row's ranks times the target's centred ranks taken in that order, and
    average ranks keep the mean (n + 1) / 2, so the variance is the sum of squares minus
    n times its square."""
    n = target.size
    y = average_ranks(target[np.newaxis, :])[0]
    y -= (n + 1) / 2
    y_norm = float((y * y).sum())
    block = max(1, _RANK_BLOCK_VALUES // max(n, 1))
    out = np.empty(rows.shape[0])
    for first in range(0, rows.shape[0], block):
        order, ranks = _sorted_ranks(rows[first : first + block])
        covariance = np.einsum("ij,ij->i", ranks, y[order])
        spread = np.einsum("ij,ij->i", ranks, ranks) - n * ((n + 1) / 2) ** 2
        denominator = np.sqrt(np.maximum(spread, 0.0) * y_norm)
        with np.errstate(invalid="ignore", divide="ignore"):
            rho = covariance / denominator
        out[first : first + block] = np.where(denominator > 1e-9, rho, 0.0)
    return out
