"""Figures as the API writes them: rounded once, here (see ``evm/rounding.py``)."""

from __future__ import annotations

from typing import Any

from services.projects.evm.project import Evm
from services.projects.evm.rounding import days, index, money, optional_money


def figures(evm: Evm, currency: str | None) -> dict[str, Any]:
    cost, time = evm.cost, evm.time
    return {
        "status_date": evm.status_date,
        "currency": currency,
        "bac": money(cost.bac),
        "pv": money(cost.pv),
        "ev": money(cost.ev),
        "ac": money(cost.ac),
        "sv": money(cost.sv),
        "cv": money(cost.cv),
        "spi": index(cost.spi),
        "cpi": index(cost.cpi),
        "eac": money(cost.eac),
        "eac_method": cost.eac_method.value,
        "eac_bac_over_cpi": optional_money(cost.eac_bac_over_cpi),
        "eac_ac_plus_remaining": money(cost.eac_ac_plus_remaining),
        "eac_composite": optional_money(cost.eac_composite),
        "etc": money(cost.etc),
        "vac": money(cost.vac),
        "tcpi_bac": index(cost.tcpi_bac),
        "tcpi_eac": index(cost.tcpi_eac),
        "planned_duration_days": days(time.pd) if time else None,
        "actual_time_days": days(time.at) if time else None,
        "es_days": days(time.es) if time else None,
        "sv_t_days": days(time.sv_t) if time else None,
        "spi_t": index(time.spi_t) if time else None,
        "ieac_t_days": days(time.ieac_t) if time else None,
        "es_date": evm.es_date,
        "ieac_t_finish": evm.ieac_t_finish,
    }
