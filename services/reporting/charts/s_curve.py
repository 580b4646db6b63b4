"""The EVM S-curve as a pure function of the cumulative curve: planned value over the whole
baseline, actual cost and earned value up to the status date, and where the estimate at
completion leads from there (a dashed projection to EAC at the forecast finish), with the
budget at completion as a level line.

Ids in the SVG: ``pv-curve``, ``ac-curve``, ``ev-curve``, ``eac-projection``, ``bac-line``
and ``status-date-line``. Money is drawn in floats (a picture), never computed with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from services.reporting.charts.figure import day_number

PV = "#4c78a8"
EV = "#2ca02c"
AC = "#d62728"
EAC = "#7f7f7f"
LINE = "#7b3294"


@dataclass(frozen=True, slots=True)
class CurvePoint:
    day: date
    pv: Decimal
    ac: Decimal | None = None
    ev: Decimal | None = None


@dataclass(frozen=True, slots=True)
class SCurve:
    title: str
    currency: str | None
    points: Sequence[CurvePoint]
    status_date: date
    bac: Decimal | None = None
    eac: Decimal | None = None
    forecast_finish: date | None = None


def _amount(value: float, _position: object = None) -> str:
    for limit, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}{suffix}"
    return f"{value:.0f}"


def draw_s_curve(curve: SCurve, *, width: float = 8.0, height: float = 4.0) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    ax = figure.add_subplot()
    _series(ax, curve)
    _projection(ax, curve)
    status = ax.axvline(day_number(curve.status_date), color=LINE, linestyle="--", linewidth=1)
    status.set_gid("status-date-line")
    ax.set_title(curve.title, loc="left", fontweight="bold")
    ax.yaxis.set_major_formatter(FuncFormatter(_amount))
    ax.set_ylabel(f"Cumulative ({curve.currency})" if curve.currency else "Cumulative")
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    if curve.points:
        ax.legend(loc="best", frameon=False, fontsize=7)
    else:
        ax.text(
            0.5,
            0.5,
            "No baseline: nothing planned to draw",
            transform=ax.transAxes,
            ha="center",
            gid="empty-note",
        )
    return figure


def _series(ax: Axes, curve: SCurve) -> None:
    points = curve.points
    series = (
        ("pv-curve", "Planned value (PV)", PV, [(p.day, p.pv) for p in points]),
        ("ac-curve", "Actual cost (AC)", AC, _to_date(points, curve.status_date)),
        ("ev-curve", "Earned value (EV)", EV, [(p.day, p.ev) for p in points if p.ev is not None]),
    )
    for gid, label, colour, values in series:
        if not values:
            continue
        days, amounts = zip(*values, strict=True)
        marker = "o" if len(values) == 1 else None
        (line,) = ax.plot(
            days,
            [float(a) for a in amounts],
            color=colour,
            label=label,
            marker=marker,
            linewidth=1.8,
        )
        line.set_gid(gid)


def _to_date(points: Sequence[CurvePoint], status_date: date) -> list[tuple[date, Decimal]]:
    """Actual cost is known up to the status date only."""
    return [(p.day, p.ac) for p in points if p.ac is not None and p.day <= status_date]


def _projection(ax: Axes, curve: SCurve) -> None:
    if curve.bac is not None:
        bac = ax.axhline(float(curve.bac), color=PV, linestyle=":", linewidth=1, label="BAC")
        bac.set_gid("bac-line")
    actual = [p for p in curve.points if p.ac is not None and p.day <= curve.status_date]
    finish = curve.forecast_finish or (curve.points[-1].day if curve.points else None)
    if curve.eac is None or not actual or finish is None or finish <= actual[-1].day:
        return
    start = actual[-1]
    (line,) = ax.plot(
        [day_number(start.day), day_number(finish)],
        [float(start.ac or 0), float(curve.eac)],
        color=EAC,
        linestyle="--",
        label="Estimate at completion (EAC)",
    )
    line.set_gid("eac-projection")
