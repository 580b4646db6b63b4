"""A project's RAG over time as a pure function of its daily snapshots: a step line through
red, amber and green with a coloured mark per snapshot (id ``rag-<date>``). Days whose
colour is unknown (a figure behind it was missing) get no mark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib import dates as mdates
from matplotlib.figure import Figure

from services.reporting.charts.figure import RAG_COLOURS, day_number

LEVELS = {"red": 0, "amber": 1, "green": 2}


@dataclass(frozen=True, slots=True)
class RagPoint:
    day: date
    rag: str  # red, amber or green


def draw_rag_trend(title: str, points: Sequence[RagPoint]) -> Figure:
    figure = Figure(figsize=(8.0, 2.6), layout="constrained")
    ax = figure.add_subplot()
    known = sorted((p for p in points if p.rag in LEVELS), key=lambda p: p.day)
    if known:
        days = [day_number(p.day) for p in known]
        levels = [LEVELS[p.rag] for p in known]
        (step,) = ax.step(days, levels, where="post", color="#999999", linewidth=1)
        step.set_gid("rag-line")
        for point in known:
            (mark,) = ax.plot(
                [day_number(point.day)],
                [LEVELS[point.rag]],
                marker="s",
                markersize=6,
                color=RAG_COLOURS[point.rag],
                linestyle="none",
            )
            mark.set_gid(f"rag-{point.day.isoformat()}")
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        ax.text(0.5, 0.5, "No snapshots yet", transform=ax.transAxes, ha="center", gid="empty-note")
        ax.set_xticks([])
    ax.set_yticks(list(LEVELS.values()), [name.capitalize() for name in LEVELS])
    ax.set_ylim(-0.5, 2.5)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    ax.set_title(title, loc="left", fontweight="bold")
    return figure
