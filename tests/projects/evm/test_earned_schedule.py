"""Earned schedule against published numbers.

Sources:
- W. Lipke, "Schedule is Different", *The Measurable News*, March 2003: ES = C + I with C
  the number of whole periods whose cumulative PV the EV reaches and
  I = (EV - PV_C) / (PV_{C+1} - PV_C); SV(t) = ES - AT, SPI(t) = ES / AT.
- earnedschedule.com, "Terminology": IEAC(t) = PD / SPI(t); its ES calculator v1b computes
  over whole periods, as here. PMI's *Practice Standard for Earned Value Management*
  (2nd ed., 2011) carries the same method in its appendix D.
- The examples of issue 10 ("Acceptance"), checked by hand below: a linear plan of 10
  periods with EV 30,000 of BAC 100,000 at period 4 gives ES 3.0 and IEAC(t) 13.33; a
  12-period plan with cumulative PV 100, 350, 650, 1050, 1500, 2000, 2500, 2950, 3350,
  3650, 3900, 4000 and EV 2,260 at period 7 gives ES 6.52, SV(t) -0.48, SPI(t) 0.931 and
  IEAC(t) 12.88 (C = 6 since PV_6 = 2000 <= 2260 < PV_7 = 2500; I = 260 / 500).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from services.projects.evm import earned_schedule, schedule_figures

D = Decimal
TWELVE_PERIODS = [
    D(v) for v in (100, 350, 650, 1050, 1500, 2000, 2500, 2950, 3350, 3650, 3900, 4000)
]


def places(value: Decimal | None, digits: int) -> Decimal:
    assert value is not None
    return value.quantize(D(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def test_the_linear_plan_at_period_four() -> None:
    cumulative = [D(10_000) * period for period in range(1, 11)]

    es = earned_schedule(cumulative, D(30_000))
    figures = schedule_figures(es, at=D(4), pd=D(10))

    assert es == D(3)
    assert figures.sv_t == D(-1)
    assert figures.spi_t == D("0.75")
    assert places(figures.ieac_t, 2) == D("13.33")


def test_the_twelve_period_plan_at_period_seven() -> None:
    es = earned_schedule(TWELVE_PERIODS, D(2_260))
    figures = schedule_figures(es, at=D(7), pd=D(12))

    assert es == D("6.52")
    assert figures.sv_t == D("-0.48")
    assert places(figures.spi_t, 3) == D("0.931")
    assert places(figures.ieac_t, 2) == D("12.88")


def test_an_ev_equal_to_a_period_end_earns_that_whole_period() -> None:
    assert earned_schedule(TWELVE_PERIODS, D(2_000)) == D(6)


def test_a_flat_stretch_of_the_curve_counts_as_earned() -> None:
    # Nothing planned in periods 3 and 4: reaching 200 earns all four periods.
    assert earned_schedule([D(100), D(200), D(200), D(200), D(300)], D(200)) == D(4)


def test_nothing_and_everything_earned() -> None:
    assert earned_schedule(TWELVE_PERIODS, D(0)) == 0
    assert earned_schedule(TWELVE_PERIODS, D(50)) == D("0.5")
    assert earned_schedule(TWELVE_PERIODS, D(4_000)) == D(12)


def test_a_value_planned_at_the_start() -> None:
    assert earned_schedule([D(200), D(300)], D(150), start_pv=D(100)) == D("0.5")
    assert earned_schedule([D(200), D(300)], D(50), start_pv=D(100)) == 0


def test_no_time_elapsed_has_no_rate() -> None:
    figures = schedule_figures(D(0), at=D(0), pd=D(10))
    assert figures.spi_t is None and figures.ieac_t is None and figures.sv_t == 0


def test_time_elapsed_and_nothing_earned() -> None:
    figures = schedule_figures(D(0), at=D(3), pd=D(10))
    assert figures.spi_t == 0 and figures.ieac_t is None and figures.sv_t == D(-3)
