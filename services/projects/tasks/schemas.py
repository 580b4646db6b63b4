import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field, model_validator

from services.projects.schemas_common import StrictModel


class _TaskDates(StrictModel):
    @model_validator(mode="after")
    def _finish_after_start(self) -> "_TaskDates":
        start, finish = getattr(self, "start_date", None), getattr(self, "finish_date", None)
        if start and finish and finish < start:
            raise ValueError("finish_date must not be before start_date")
        return self


class TaskCreate(_TaskDates):
    name: str = Field(min_length=1, max_length=300)
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal = Field(default=Decimal(0), ge=0, max_digits=10, decimal_places=2)
    percent_complete: Decimal = Field(default=Decimal(0), ge=0, le=100, decimal_places=2)


class TaskUpdate(_TaskDates):
    name: str | None = Field(default=None, min_length=1, max_length=300)
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal | None = Field(default=None, ge=0, max_digits=10, decimal_places=2)
    percent_complete: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=2)


class TaskRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    parent_id: uuid.UUID | None
    name: str
    position: int
    start_date: date | None
    finish_date: date | None
    duration_days: Decimal
    percent_complete: Decimal
    milestone: bool | None
    constraint_type: str
    constraint_date: datetime | None
    deadline: date | None
    actual_start: date | None
    actual_finish: date | None
    cost: Decimal | None
    external_source: str | None
    external_id: str | None
    wbs_code: str | None
    is_summary: bool
    is_milestone: bool
    early_start: datetime | None
    early_finish: datetime | None
    late_start: datetime | None
    late_finish: datetime | None
    total_float_days: Decimal | None
    free_float_days: Decimal | None
    critical: bool
    created_at: datetime
    updated_at: datetime
    version: int


class ProjectTasks(BaseModel):
    project_id: uuid.UUID
    items: list[TaskRead]
    next_cursor: str | None


class TasksByProject(BaseModel):
    items: list[ProjectTasks]
