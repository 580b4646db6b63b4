"""Earned value as GraphQL shows it: money as decimal strings (rounded to the cent by the
projects service), indices and working days as floats, dates as ISO dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry

from services.gateway.values import days, gid, money
from shared.clients.projects.evm import EvmCurvePoint as EvmCurvePointDTO
from shared.clients.projects.evm import EvmFigures, PortfolioEvmDTO, ProjectEvmDTO, TaskEvmDTO


@strawberry.enum(description="How the estimate at completion (eac) was computed.")
class EacMethod(Enum):
    BAC_OVER_CPI = strawberry.enum_value("bac_over_cpi", description="BAC / CPI")
    AC_PLUS_REMAINING = strawberry.enum_value(
        "ac_plus_remaining", description="AC + (BAC - EV), where BAC / CPI is undefined."
    )
    COMPOSITE = strawberry.enum_value("composite", description="AC + (BAC - EV) / (CPI x SPI)")


def _ratio(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@strawberry.type(description="Earned value figures at a status date (money: decimal strings).")
class EvmFields:
    status_date: date = strawberry.field(description="Measured through the end of this day.")
    currency: str | None
    bac: str = strawberry.field(description="Budget at completion.")
    pv: str = strawberry.field(description="Planned value.")
    ev: str = strawberry.field(description="Earned value.")
    ac: str = strawberry.field(description="Actual cost.")
    sv: str
    cv: str
    spi: float | None
    cpi: float | None
    eac: str | None = strawberry.field(description="Estimate at completion, by eacMethod.")
    eac_method: EacMethod
    eac_bac_over_cpi: str | None
    eac_ac_plus_remaining: str
    eac_composite: str | None
    etc: str | None = strawberry.field(description="Estimate to complete: EAC - AC.")
    vac: str | None = strawberry.field(description="Variance at completion: BAC - EAC.")
    tcpi_bac: float | None
    tcpi_eac: float | None
    planned_duration_days: float | None = strawberry.field(description="PD, working days.")
    actual_time_days: float | None = strawberry.field(description="AT, working days.")
    es_days: float | None = strawberry.field(description="Earned schedule, working days.")
    sv_t_days: float | None = strawberry.field(description="ES - AT")
    spi_t: float | None = strawberry.field(description="ES / AT")
    ieac_t_days: float | None = strawberry.field(description="PD / SPI(t), working days.")
    es_date: date | None
    ieac_t_finish: date | None

    @staticmethod
    def values(dto: EvmFigures) -> dict[str, Any]:
        return {
            "status_date": dto.status_date,
            "currency": dto.currency,
            **{name: money(getattr(dto, name)) for name in _MONEY},
            **{name: _ratio(getattr(dto, name)) for name in _RATIOS},
            **{name: days(getattr(dto, name)) for name in _DAYS},
            "eac_method": EacMethod(dto.eac_method),
            "es_date": dto.es_date,
            "ieac_t_finish": dto.ieac_t_finish,
        }


_MONEY = (
    "bac",
    "pv",
    "ev",
    "ac",
    "sv",
    "cv",
    "eac",
    "eac_bac_over_cpi",
    "eac_ac_plus_remaining",
    "eac_composite",
    "etc",
    "vac",
)
_RATIOS = ("spi", "cpi", "tcpi_bac", "tcpi_eac", "spi_t")
_DAYS = ("planned_duration_days", "actual_time_days", "es_days", "sv_t_days", "ieac_t_days")


@strawberry.type(description="One task's earned value (a summary task rolls up its subtree).")
class TaskEvm(EvmFields):
    task_id: strawberry.ID
    name: str
    wbs_code: str | None

    @classmethod
    def from_dto(cls, dto: TaskEvmDTO) -> TaskEvm:
        return cls(task_id=gid(dto.task_id), name=dto.name, wbs_code=dto.wbs_code, **_of(dto))


@strawberry.type(description="Cumulative PV and AC at a week end (or the status date, with EV).")
class EvmCurvePoint:
    date: date
    pv: str
    ac: str
    ev: str | None

    @classmethod
    def from_dto(cls, dto: EvmCurvePointDTO) -> EvmCurvePoint:
        return cls(date=dto.date, pv=str(dto.pv), ac=str(dto.ac), ev=money(dto.ev))


@strawberry.type(description="Earned value against the current baseline at a status date.")
class Evm(EvmFields):
    tasks: list[TaskEvm] | None = strawberry.field(
        description="Every task's figures, in outline order."
    )
    curve: list[EvmCurvePoint] | None = strawberry.field(
        description="The S-curve: every week end (Sunday) and the status date."
    )

    @classmethod
    def from_figures(cls, dto: EvmFigures) -> Evm:
        return cls(tasks=None, curve=None, **_of(dto))

    @classmethod
    def from_dto(cls, dto: ProjectEvmDTO) -> Evm:
        tasks = [TaskEvm.from_dto(t) for t in dto.tasks] if dto.tasks is not None else None
        curve = [EvmCurvePoint.from_dto(p) for p in dto.curve] if dto.curve is not None else None
        return cls(tasks=tasks, curve=curve, **_of(dto))


def _of(dto: EvmFigures) -> dict[str, Any]:
    return EvmFields.values(dto)


@strawberry.type(description="The portfolio's projects the caller may read, rolled up.")
class PortfolioEvm(EvmFields):
    project_count: int

    @classmethod
    def from_dto(cls, dto: PortfolioEvmDTO) -> PortfolioEvm:
        return cls(project_count=dto.project_count, **_of(dto))
