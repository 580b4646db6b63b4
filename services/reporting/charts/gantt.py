"""A project's Gantt chart as a pure function of its rows: one bar per task (critical ones
highlighted), its baseline bar beneath, milestones as diamonds, summary tasks as thin
black bars, and a line at the status date (else today).

Every drawn element carries an id tests and scripts can find in the SVG:
``task-<uuid>``, ``progress-<uuid>``, ``baseline-<uuid>``, ``milestone-<uuid>``,
``status-date-line`` and ``truncation-note``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from services.reporting.charts.figure import day_number

CRITICAL = "#d62728"
NORMAL = "#4c78a8"
PROGRESS = "#1d3557"
SUMMARY = "#222222"
BASELINE = "#b0b0b0"
LINE = "#7b3294"
LABEL_CHARACTERS = 48
ROW_INCHES = 0.24


@dataclass(frozen=True, slots=True)
class GanttTask:
    id: uuid.UUID
    name: str
    wbs_code: str | None
    start: datetime | None
    finish: datetime | None
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    critical: bool = False
    milestone: bool = False
    summary: bool = False
    percent_complete: Decimal = Decimal(0)

    @property
    def label(self) -> str:
        text = f"{self.wbs_code} {self.name}" if self.wbs_code else self.name
        return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


@dataclass(frozen=True, slots=True)
class GanttChart:
    title: str
    tasks: Sequence[GanttTask]
    line_date: date
    line_label: str
    # The plan has more tasks than are drawn (the chart shows the first ``len(tasks)``).
    truncated: bool = False


def draw_gantt(chart: GanttChart) -> Figure:
    rows = max(len(chart.tasks), 1)
    figure = Figure(figsize=(11.0, 1.6 + ROW_INCHES * rows), layout="constrained")
    ax = figure.add_subplot()
    for row, task in enumerate(chart.tasks):
        _draw_baseline(ax, row, task)
        _draw_task(ax, row, task)
    _draw_line(ax, chart)
    ax.set_yticks(range(len(chart.tasks)), [t.label for t in chart.tasks])
    ax.set_ylim(rows - 0.4, -0.8)
    ax.tick_params(axis="y", length=0)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.xaxis.tick_top()
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(chart.title, loc="left", fontweight="bold")
    _legend(ax)
    if chart.truncated:
        note = f"Only the first {len(chart.tasks)} tasks of the plan are shown."
        figure.text(0.01, 0.002, note, fontsize=7, style="italic", gid="truncation-note")
    return figure


def _draw_task(ax: Axes, row: int, task: GanttTask) -> None:
    if task.start is None or task.finish is None:
        return
    start, finish = day_number(task.start), day_number(task.finish)
    if task.milestone:
        colour = CRITICAL if task.critical else SUMMARY
        (diamond,) = ax.plot([finish], [row], marker="D", markersize=7, color=colour)
        diamond.set_gid(f"milestone-{task.id}")
        return
    if task.summary:
        (bar,) = ax.barh(row, finish - start, left=start, height=0.18, color=SUMMARY)
        bar.set_gid(f"task-{task.id}")
        return
    colour = CRITICAL if task.critical else NORMAL
    (bar,) = ax.barh(row - 0.08, finish - start, left=start, height=0.42, color=colour)
    bar.set_gid(f"task-{task.id}")
    done = float(task.percent_complete) / 100
    if done > 0:
        (progress,) = ax.barh(
            row - 0.08, (finish - start) * done, left=start, height=0.14, color=PROGRESS
        )
        progress.set_gid(f"progress-{task.id}")


def _draw_baseline(ax: Axes, row: int, task: GanttTask) -> None:
    if task.baseline_start is None or task.baseline_finish is None:
        return
    start, finish = day_number(task.baseline_start), day_number(task.baseline_finish)
    if task.milestone or finish <= start:
        (mark,) = ax.plot(
            [finish], [row + 0.25], marker="D", markersize=5, color=BASELINE, fillstyle="none"
        )
        mark.set_gid(f"baseline-{task.id}")
        return
    (bar,) = ax.barh(row + 0.25, finish - start, left=start, height=0.16, color=BASELINE)
    bar.set_gid(f"baseline-{task.id}")


def _draw_line(ax: Axes, chart: GanttChart) -> None:
    line = ax.axvline(day_number(chart.line_date), color=LINE, linestyle="--", linewidth=1)
    line.set_gid("status-date-line")
    ax.annotate(
        f"{chart.line_label} {chart.line_date.isoformat()}",
        xy=(day_number(chart.line_date), 0),
        xycoords=("data", "axes fraction"),
        xytext=(3, 3),
        textcoords="offset points",
        color=LINE,
        fontsize=7,
    )


def _legend(ax: Axes) -> None:
    handles = [
        Patch(color=NORMAL, label="Task"),
        Patch(color=CRITICAL, label="Critical task"),
        Patch(color=BASELINE, label="Baseline"),
        Line2D([], [], marker="D", color=SUMMARY, linestyle="none", label="Milestone"),
        Line2D([], [], color=LINE, linestyle="--", label="Status date / today"),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncols=5,
        frameon=False,
        fontsize=7,
    )
