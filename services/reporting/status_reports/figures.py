"""A project's earned value as the report's table: labelled, formatted figures (money with
thousands separators and its currency, indices to three decimals, days to one)."""

from __future__ import annotations

from decimal import Decimal

from services.reporting.status_reports.model import Figure
from shared.clients.projects.evm import ProjectEvmDTO


def money(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return "-"
    text = f"{value:,.2f}"
    return f"{text} {currency}" if currency else text


def index(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def days(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.1f} d"


def evm_figures(evm: ProjectEvmDTO) -> list[Figure]:
    currency = evm.currency
    return [
        Figure("Budget at completion (BAC)", money(evm.bac, currency)),
        Figure("Planned value (PV)", money(evm.pv, currency)),
        Figure("Earned value (EV)", money(evm.ev, currency)),
        Figure("Actual cost (AC)", money(evm.ac, currency)),
        Figure("Schedule variance (SV)", money(evm.sv, currency)),
        Figure("Cost variance (CV)", money(evm.cv, currency)),
        Figure("SPI", index(evm.spi)),
        Figure("CPI", index(evm.cpi)),
        Figure("Estimate at completion (EAC)", money(evm.eac, currency)),
        Figure("Estimate to complete (ETC)", money(evm.etc, currency)),
        Figure("Variance at completion (VAC)", money(evm.vac, currency)),
        Figure("TCPI (to BAC)", index(evm.tcpi_bac)),
        Figure("SPI(t)", index(evm.spi_t)),
        Figure("SV(t)", days(evm.sv_t_days)),
    ]
