"""Earned value management (EVM) as plain functions: no I/O, Decimal money, a division by
zero gives None.

- :mod:`figures`: PV, EV, AC and BAC into SV, CV, SPI, CPI, the three EACs, ETC, VAC and
  TCPI (PMI, *Practice Standard for Earned Value Management*).
- :mod:`earned_schedule`: ES by interpolation in a cumulative PV curve, SV(t), SPI(t) and
  IEAC(t) (Lipke, "Schedule is Different", *The Measurable News*, 2003), over generic
  periods.
- :mod:`timephase`: a baseline's budgets spread over the working-time axis of the
  scheduling engine's calendar, so PV is known at any instant and per working day.
- :mod:`rounding`: what the wire shows (full precision is kept until then).
"""

from services.projects.evm.earned_schedule import (
    ScheduleFigures,
    earned_schedule,
    schedule_figures,
)
from services.projects.evm.figures import CostFigures, EacMethod, cost_figures, ratio

__all__ = [
    "CostFigures",
    "EacMethod",
    "ScheduleFigures",
    "cost_figures",
    "earned_schedule",
    "ratio",
    "schedule_figures",
]
