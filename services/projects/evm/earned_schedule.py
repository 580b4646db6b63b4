"""Earned schedule: the time at which the work earned so far was planned to be done.

Lipke, "Schedule is Different", *The Measurable News*, March 2003: with the cumulative
planned value PV_1, PV_2, ... at the end of each period, C is the number of whole periods
whose planned value has been earned (the largest C with PV_C <= EV) and

    ES = C + (EV - PV_C) / (PV_{C+1} - PV_C)

(linear interpolation in the period being earned), then SV(t) = ES - AT, SPI(t) = ES / AT
and the independent estimate of the duration at completion IEAC(t) = PD / SPI(t), with AT
the actual time elapsed and PD the planned duration, in the same periods.

The functions take periods of any length: the projects service counts working days of the
project calendar from the baseline start (see :mod:`timephase`); the published examples
count months or weeks.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from services.projects.evm.figures import ZERO, ratio


class CumulativePv(Protocol):
    """Planned value at the end of each period: a list, or anything computing its items
    on demand."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> Decimal: ...


def earned_schedule(cumulative_pv: CumulativePv, ev: Decimal, start_pv: Decimal = ZERO) -> Decimal:
    """ES in periods. ``cumulative_pv[i]`` is the planned value at the end of period
    ``i + 1`` (never decreasing); ``start_pv`` what was planned at the very start (zero
    unless something is due at once). All of it earned: ES is the number of periods.

    Any sequence works, also one that computes its items on demand: C is found by bisection,
    so a curve of thousands of working days costs a dozen look-ups."""
    if ev < start_pv:
        return ZERO
    earned = bisect_right(cumulative_pv, ev)  # C: periods whose PV is earned
    if earned == len(cumulative_pv):
        return Decimal(earned)
    before = cumulative_pv[earned - 1] if earned else start_pv
    after = cumulative_pv[earned]  # > ev >= before, so never a zero step
    return earned + (ev - before) / (after - before)


@dataclass(frozen=True, slots=True)
class ScheduleFigures:
    """Time-based figures, in periods: planned duration, actual time, earned schedule."""

    pd: Decimal
    at: Decimal
    es: Decimal
    sv_t: Decimal
    spi_t: Decimal | None
    ieac_t: Decimal | None


def schedule_figures(es: Decimal, at: Decimal, pd: Decimal) -> ScheduleFigures:
    """SV(t), SPI(t) and IEAC(t) from ES, AT and PD. SPI(t) is None until time has passed
    (AT <= 0: nothing was due yet, so no rate of progress), IEAC(t) None when SPI(t) is
    undefined or zero."""
    if at <= 0:
        return ScheduleFigures(pd=pd, at=at, es=es, sv_t=es - at, spi_t=None, ieac_t=None)
    # PD / SPI(t) as PD x AT / ES: no rounded SPI(t) enters it.
    ieac_t = ratio(pd * at, es)
    return ScheduleFigures(pd=pd, at=at, es=es, sv_t=es - at, spi_t=es / at, ieac_t=ieac_t)
