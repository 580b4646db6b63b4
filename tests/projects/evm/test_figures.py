"""The cost-based figures against published numbers.

Sources:
- PMI, *Practice Standard for Earned Value Management*, 2nd ed. (2011), and the PMBOK Guide,
  5th ed. (2013), section 7.4.2: SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC,
  EAC = BAC / CPI, EAC = AC + (BAC - EV), EAC = AC + (BAC - EV) / (CPI x SPI),
  TCPI = (BAC - EV) / (BAC - AC) or (BAC - EV) / (EAC - AC).
- The worked example of issue 10 ("Acceptance"): a linear plan, BAC 100,000 over 10
  periods, status at period 4 (PV 40,000), EV 30,000, AC 35,000 gives CPI 0.857143,
  SPI 0.75, EAC 116,666.67 / 105,000 / 143,888.89 and TCPI 1.076923.
"""

from __future__ import annotations

from decimal import Decimal

from services.projects.evm import EacMethod, cost_figures, ratio
from services.projects.evm.rounding import index, money

D = Decimal


def test_the_linear_plan_at_period_four() -> None:
    figures = cost_figures(bac=D(100_000), pv=D(40_000), ev=D(30_000), ac=D(35_000))

    assert figures.sv == D(-10_000) and figures.cv == D(-5_000)
    assert index(figures.cpi) == D("0.857143")
    assert index(figures.spi) == D("0.750000")
    assert figures.eac_bac_over_cpi is not None and figures.eac_composite is not None
    assert money(figures.eac_bac_over_cpi) == D("116666.67")
    assert money(figures.eac_ac_plus_remaining) == D("105000.00")
    assert money(figures.eac_composite) == D("143888.89")
    assert figures.eac == figures.eac_bac_over_cpi
    assert figures.eac_method is EacMethod.bac_over_cpi
    assert money(figures.etc) == D("81666.67")  # EAC - AC
    assert money(figures.vac) == D("-16666.67")  # BAC - EAC
    assert index(figures.tcpi_bac) == D("1.076923")  # 70,000 / 65,000
    assert index(figures.tcpi_eac) == D("0.857143")  # 70,000 / 81,666.67: the CPI again


def test_the_estimates_use_exact_ratios_not_rounded_indices() -> None:
    # With CPI rounded to 0.857143 first, BAC / CPI would be 116,666.61.
    figures = cost_figures(bac=D(100_000), pv=D(40_000), ev=D(30_000), ac=D(35_000))
    assert figures.eac_bac_over_cpi == D(100_000) * D(35_000) / D(30_000)


def test_no_actual_cost_yet_falls_back_to_the_plan_estimate() -> None:
    figures = cost_figures(bac=D(1_000), pv=D(200), ev=D(100), ac=D(0))

    assert figures.cpi is None and figures.eac_bac_over_cpi is None
    assert figures.eac_composite is None
    assert figures.eac == D(900) and figures.eac_method is EacMethod.ac_plus_remaining
    assert figures.etc == D(900) and figures.vac == D(100)
    assert figures.tcpi_bac == D("0.9")  # 900 / 1000


def test_money_spent_and_nothing_earned() -> None:
    figures = cost_figures(bac=D(1_000), pv=D(0), ev=D(0), ac=D(50))

    assert figures.cpi == 0 and figures.spi is None
    assert figures.eac_bac_over_cpi is None and figures.eac_composite is None
    assert figures.eac == D(1_050) and figures.eac_method is EacMethod.ac_plus_remaining


def test_without_a_budget_every_ratio_on_it_is_null() -> None:
    figures = cost_figures(bac=D(0), pv=D(0), ev=D(0), ac=D(0))

    assert (figures.spi, figures.cpi, figures.tcpi_bac, figures.tcpi_eac) == (None,) * 4
    assert figures.eac == 0 and figures.vac == 0


def test_rolled_up_indices_come_from_the_sums() -> None:
    a = cost_figures(bac=D(100), pv=D(50), ev=D(40), ac=D(80))
    b = cost_figures(bac=D(900), pv=D(100), ev=D(100), ac=D(50))
    total = cost_figures(bac=D(1_000), pv=D(150), ev=D(140), ac=D(130))

    assert a.cpi is not None and b.cpi is not None and total.cpi is not None
    averaged = (a.cpi + b.cpi) / 2  # 1.25: what averaging would wrongly say
    assert index(total.cpi) == D("1.076923") != index(averaged)


def test_ratio_of_zero() -> None:
    assert ratio(D(1), D(0)) is None and ratio(D(0), D(2)) == 0
