"""Earned value as the API answers it (the client's DTOs in ``shared/clients/projects/evm.py``
read exactly these fields).

Money is a decimal string rounded to the cent, indices to six places, working days to four
(see ``services/projects/evm/rounding.py``); computed at full precision before that."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from shared.fields import LocalDateTime


class EvmFigures(BaseModel):
    status_date: date = Field(description="Measured through the end of this day.")
    currency: str | None = Field(description="ISO 4217 code of every amount.")
    bac: Decimal = Field(description="Budget at completion: the leaf tasks' baseline costs.")
    pv: Decimal = Field(description="Planned value at the status date.")
    ev: Decimal = Field(description="Earned value: percent complete x budget.")
    ac: Decimal = Field(description="Actual cost incurred up to the status date.")
    sv: Decimal = Field(description="EV - PV")
    cv: Decimal = Field(description="EV - AC")
    spi: Decimal | None = Field(description="EV / PV; null when PV is zero.")
    cpi: Decimal | None = Field(description="EV / AC; null when AC is zero.")
    eac: Decimal | None = Field(description="Estimate at completion, by eac_method.")
    eac_method: str = Field(
        description="bac_over_cpi (BAC / CPI), or ac_plus_remaining (AC + BAC - EV) where "
        "BAC / CPI is undefined (CPI null or zero)."
    )
    eac_bac_over_cpi: Decimal | None = Field(description="BAC / CPI")
    eac_ac_plus_remaining: Decimal = Field(description="AC + (BAC - EV)")
    eac_composite: Decimal | None = Field(description="AC + (BAC - EV) / (CPI x SPI)")
    etc: Decimal | None = Field(description="Estimate to complete: EAC - AC.")
    vac: Decimal | None = Field(description="Variance at completion: BAC - EAC.")
    tcpi_bac: Decimal | None = Field(description="(BAC - EV) / (BAC - AC)")
    tcpi_eac: Decimal | None = Field(description="(BAC - EV) / (EAC - AC)")
    planned_duration_days: Decimal | None = Field(
        description="PD: working days from the baseline start to its finish."
    )
    actual_time_days: Decimal | None = Field(
        description="AT: working days from the baseline start to the end of the status date."
    )
    es_days: Decimal | None = Field(
        description="Earned schedule: working days from the baseline start at which the "
        "value earned was planned (interpolated in the daily PV curve)."
    )
    sv_t_days: Decimal | None = Field(description="ES - AT")
    spi_t: Decimal | None = Field(description="ES / AT")
    ieac_t_days: Decimal | None = Field(description="PD / SPI(t): the forecast duration.")
    es_date: date | None = Field(description="The working day the earned schedule reaches.")
    ieac_t_finish: date | None = Field(description="The finish IEAC(t) forecasts.")


class TaskEvm(EvmFigures):
    task_id: uuid.UUID
    name: str
    wbs_code: str | None


class EvmCurvePoint(BaseModel):
    date: date
    pv: Decimal = Field(description="Cumulative planned value at the end of the day.")
    ac: Decimal = Field(description="Cumulative actual cost (none counted after the status date).")
    ev: Decimal | None = Field(description="Earned value, at the status date only.")


class ProjectEvm(EvmFigures):
    project_id: uuid.UUID
    baseline_number: int | None = Field(description="The baseline measured against.")
    tasks: list[TaskEvm] | None = Field(description="With include=tasks, in outline order.")
    curve: list[EvmCurvePoint] | None = Field(
        description="With include=curve: every week end (Sunday) and the status date."
    )


class ProgramEvm(EvmFigures):
    program_id: uuid.UUID
    project_count: int = Field(description="The program's projects the caller may read.")


class PortfolioEvm(EvmFigures):
    portfolio_id: uuid.UUID
    project_count: int = Field(description="The portfolio's projects the caller may read.")


class ProjectMetrics(BaseModel):
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None
    program_id: uuid.UUID | None
    code: str
    name: str
    status: str
    phase: str | None
    currency: str | None
    status_date: date
    evm: EvmFigures
    percent_complete: Decimal | None = Field(
        description="Of the leaf tasks, weighted by duration (as MS Project rolls it up)."
    )
    scheduled_finish: LocalDateTime | None
    baseline_finish: LocalDateTime | None
    finish_variance_days: Decimal | None = Field(
        description="Working days the scheduled finish lies after the baseline finish."
    )
    critical_float_days: Decimal | None = Field(
        description="The least total float of the unfinished critical tasks."
    )
    overdue_milestones: int = Field(
        description="Unfinished milestones due (baseline finish, else scheduled finish) "
        "before the status date."
    )
    open_risks: int
    open_risk_scores: list[int] = Field(description="Probability x impact, highest first.")
    last_status_update_on: date | None


class ProjectMetricsBatch(BaseModel):
    items: list[ProjectMetrics]
