"""SVG charts of a forecast: the finish histogram with its cumulative curve, and the tornado.

matplotlib's object API (a ``Figure`` per chart, no pyplot, no GUI backend), in the style of
the reporting charts, kept here so the projects service does not import reporting. The SVG is
deterministic (a fixed hash salt for matplotlib's ids, no creation date): the same result
gives the same bytes. matplotlib's global state is not thread-safe, so drawing is serialised;
callers on an event loop run these functions in a worker thread (or in the job runner).
"""

from __future__ import annotations

import io
import threading
from itertools import pairwise
from typing import Any

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from services.projects.risk.results import SimulationResult

SVG_MEDIA_TYPE = "image/svg+xml"
_STYLE: dict[str, Any] = {
    "svg.hashsalt": "pmo-risk",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8.0,
    "axes.titlesize": 10.0,
    "axes.spines.top": False,
}
_METADATA = {"Date": None, "Creator": "PMO schedule risk"}
_DRAWING = threading.Lock()
_BAR = "#4c78a8"
_CURVE = "#d62728"


def _svg(figure: Figure) -> bytes:
    FigureCanvasSVG(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=_METADATA)
    return buffer.getvalue()


def histogram_svg(result: SimulationResult, title: str = "Project finish") -> bytes:
    """Bars: iterations per finish bin (working days after the start); line: the probability
    of finishing by then; dashed: P50 and P80, dotted: the deadline."""
    with _DRAWING, matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        figure = Figure(figsize=(7.0, 3.6))
        axes = figure.add_subplot()
        edges, counts = result.histogram_edges_days, result.histogram_counts
        widths = [b - a for a, b in pairwise(edges)]
        axes.bar(edges[:-1], counts, width=widths, align="edge", color=_BAR, alpha=0.8)
        axes.set_xlabel("working days after the project start")
        axes.set_ylabel("iterations")
        curve = axes.twinx()
        curve.plot(
            [d for d, _ in result.cumulative],
            [p for _, p in result.cumulative],
            color=_CURVE,
            linewidth=1.5,
        )
        curve.set_ylim(0, 1)
        curve.set_ylabel("probability of finishing by then")
        for percent in (50, 80):
            mark = result.percentile(percent)
            axes.axvline(mark.days, color="#333333", linestyle="--", linewidth=0.8)
            axes.annotate(
                f"P{percent} {mark.date:%Y-%m-%d}",
                (mark.days, max(counts, default=0)),
                rotation=90,
                va="top",
                ha="right",
                fontsize=7,
            )
        if result.deadline is not None and result.probability_on_time is not None:
            axes.set_title(
                f"{title}: {result.probability_on_time:.0%} chance to meet "
                f"{result.deadline:%Y-%m-%d}"
            )
        else:
            axes.set_title(title)
        figure.tight_layout()
        return _svg(figure)


def cumulative_svg(result: SimulationResult, title: str = "Chance of finishing by") -> bytes:
    """The cumulative curve alone (an S-curve): the probability of finishing by each working
    day after the start; dashed: P50 and P80."""
    with _DRAWING, matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        figure = Figure(figsize=(7.0, 3.6))
        axes = figure.add_subplot()
        axes.plot(
            [d for d, _ in result.cumulative],
            [p for _, p in result.cumulative],
            color=_CURVE,
            linewidth=1.5,
        )
        axes.set_ylim(0, 1)
        axes.set_xlabel("working days after the project start")
        axes.set_ylabel("probability of finishing by then")
        for percent in (50, 80):
            mark = result.percentile(percent)
            axes.axvline(mark.days, color="#333333", linestyle="--", linewidth=0.8)
            axes.annotate(
                f"P{percent} {mark.date:%Y-%m-%d}",
                (mark.days, percent / 100),
                xytext=(4, -10),
                textcoords="offset points",
                fontsize=7,
            )
        axes.set_title(title)
        figure.tight_layout()
        return _svg(figure)


def tornado_svg(result: SimulationResult, title: str = "What drives the finish") -> bytes:
    """Horizontal bars: each task's (or risk's) rank correlation with the project finish,
    the strongest on top."""
    with _DRAWING, matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        bars = list(reversed(result.tornado))
        figure = Figure(figsize=(7.0, 0.35 * max(len(bars), 1) + 1.2))
        axes = figure.add_subplot()
        labels = [f"{b.name} (risk)" if b.kind == "risk" else b.name for b in bars]
        values = [b.correlation for b in bars]
        axes.barh(range(len(bars)), values, color=[_BAR if v >= 0 else _CURVE for v in values])
        axes.set_yticks(range(len(bars)), labels)
        axes.set_xlim(-1, 1)
        axes.axvline(0, color="#333333", linewidth=0.8)
        axes.set_xlabel("rank correlation with the project finish")
        axes.set_title(title)
        figure.tight_layout()
        return _svg(figure)
