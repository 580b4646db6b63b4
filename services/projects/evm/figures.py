"""The cost-based figures of earned value at one status date, from the four measures.

Definitions as in PMI's *Practice Standard for Earned Value Management* (2nd ed., 2011):
SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC; the estimate at completion by
three methods: BAC / CPI (the cost performance so far continues), AC + (BAC - EV) (the
remaining work goes to plan) and AC + (BAC - EV) / (CPI x SPI) (cost and schedule
performance both weigh on the remaining work); ETC = EAC - AC, VAC = BAC - EAC, and the
to-complete performance index TCPI = (BAC - EV) / (BAC - AC) to finish on budget, or
(BAC - EV) / (EAC - AC) to finish at the estimate.

Every ratio is exact Decimal arithmetic on the measures (never on an already rounded index)
and is None when its denominator is zero. A roll-up adds the measures and calls
:func:`cost_figures` on the sums: indices are recomputed, never averaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator / denominator``, None on a zero denominator."""
    if denominator == 0:
        return None
    return numerator / denominator


class EacMethod(StrEnum):
    bac_over_cpi = "bac_over_cpi"
    ac_plus_remaining = "ac_plus_remaining"
    composite = "composite"


@dataclass(frozen=True, slots=True)
class CostFigures:
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal
    cv: Decimal
    spi: Decimal | None
    cpi: Decimal | None
    eac_bac_over_cpi: Decimal | None
    eac_ac_plus_remaining: Decimal
    eac_composite: Decimal | None
    eac: Decimal
    eac_method: EacMethod
    etc: Decimal
    vac: Decimal
    tcpi_bac: Decimal | None
    tcpi_eac: Decimal | None


def cost_figures(bac: Decimal, pv: Decimal, ev: Decimal, ac: Decimal) -> CostFigures:
    """Every cost-based figure from BAC, PV, EV and AC.

    ``eac`` is BAC / CPI, the standard's usual estimate; where that is undefined (no actual
    cost yet, so no CPI, or nothing earned, a CPI of zero) AC + (BAC - EV) stands in and
    ``eac_method`` names it."""
    remaining = bac - ev
    by_cpi = eac_bac_over_cpi(bac, ev, ac)
    by_plan = ac + remaining
    if by_cpi is not None:
        eac, method = by_cpi, EacMethod.bac_over_cpi
    else:
        eac, method = by_plan, EacMethod.ac_plus_remaining
    return CostFigures(
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        sv=ev - pv,
        cv=ev - ac,
        spi=ratio(ev, pv),
        cpi=ratio(ev, ac),
        eac_bac_over_cpi=by_cpi,
        eac_ac_plus_remaining=by_plan,
        eac_composite=eac_composite(bac, pv, ev, ac),
        eac=eac,
        eac_method=method,
        etc=eac - ac,
        vac=bac - eac,
        tcpi_bac=ratio(remaining, bac - ac),
        tcpi_eac=ratio(remaining, eac - ac),
    )


def eac_bac_over_cpi(bac: Decimal, ev: Decimal, ac: Decimal) -> Decimal | None:
    """BAC / CPI, computed as BAC x AC / EV so no rounded CPI enters it; None when CPI is
    undefined (AC = 0) or zero (EV = 0)."""
    if ac == 0 or ev == 0:
        return None
    return bac * ac / ev


def eac_composite(bac: Decimal, pv: Decimal, ev: Decimal, ac: Decimal) -> Decimal | None:
    """AC + (BAC - EV) / (CPI x SPI), with CPI x SPI = EV^2 / (AC x PV); None when either
    index is undefined or their product is zero."""
    if ac == 0 or pv == 0 or ev == 0:
        return None
    return ac + (bac - ev) * ac * pv / (ev * ev)
