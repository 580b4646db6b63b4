import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from services.projects.schemas_common import StrictModel
from shared.fields import LocalDateTime


class BaselineCapture(StrictModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)


class BaselineRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    number: int
    name: str | None
    captured_at: datetime
    captured_by: str
    project_start: LocalDateTime | None
    project_finish: LocalDateTime | None
    total_cost: Decimal | None
    task_count: int
    version: int


class BaselineList(BaseModel):
    items: list[BaselineRead]
    next_cursor: str | None = None


class TaskVariance(BaseModel):
    """Dates are the planned (scheduled) start and finish; days are calendar days for dates
    and working days for durations. Baseline values are null for tasks added later."""

    task_id: uuid.UUID
    name: str
    baseline_start: LocalDateTime | None
    baseline_finish: LocalDateTime | None
    baseline_duration_days: Decimal | None
    baseline_cost: Decimal | None
    current_start: LocalDateTime | None
    current_finish: LocalDateTime | None
    current_duration_days: Decimal
    current_cost: Decimal | None
    start_variance_calendar_days: int | None
    finish_variance_calendar_days: int | None
    duration_variance_days: Decimal | None
    cost_variance: Decimal | None


class ProjectVariance(BaseModel):
    baseline_start: LocalDateTime | None
    baseline_finish: LocalDateTime | None
    baseline_cost: Decimal | None
    current_start: LocalDateTime | None
    current_finish: LocalDateTime | None
    current_cost: Decimal | None
    finish_variance_calendar_days: int | None
    cost_variance: Decimal | None


class BaselineVariance(BaseModel):
    baseline: BaselineRead
    project: ProjectVariance
    items: list[TaskVariance]
    next_cursor: str | None
