import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator
from pydantic.fields import FieldInfo

from services.projects.engine import ConstraintType
from services.projects.schemas_common import Money, StrictModel
from shared.fields import LocalDateTime, LocalDateTimeIn

# Constraints that pin a date; ASAP and ALAP take none.
DATED_CONSTRAINTS = frozenset(ConstraintType) - {ConstraintType.ASAP, ConstraintType.ALAP}


class _TaskDates(StrictModel):
    @model_validator(mode="after")
    def _finish_after_start(self) -> "_TaskDates":
        start, finish = getattr(self, "start_date", None), getattr(self, "finish_date", None)
        if start and finish and finish < start:
            raise ValueError("finish_date must not be before start_date")
        actual_start = getattr(self, "actual_start", None)
        actual_finish = getattr(self, "actual_finish", None)
        if actual_start and actual_finish and actual_finish < actual_start:
            raise ValueError("actual_finish must not be before actual_start")
        return self

    @field_validator("constraint_date", mode="after", check_fields=False)
    @classmethod
    def _as_datetime(cls, value: date | datetime | None) -> datetime | None:
        """Stored as a project-local naive datetime; a bare date is stored at midnight and
        means the start of the working day for start constraints, its end for finish ones."""
        if value is None or isinstance(value, datetime):
            return value.replace(tzinfo=None) if value is not None else None
        return datetime.combine(value, datetime.min.time())


class TaskCreate(_TaskDates):
    name: str = Field(min_length=1, max_length=300)
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal = Field(default=Decimal(0), ge=0, max_digits=10, decimal_places=2)
    percent_complete: Decimal = Field(default=Decimal(0), ge=0, le=100, decimal_places=2)
    milestone: bool | None = Field(default=None, description="null: a milestone iff duration 0")
    constraint_type: ConstraintType = ConstraintType.ASAP
    constraint_date: LocalDateTimeIn | None = None
    deadline: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    manual_start: LocalDateTimeIn | None = Field(
        default=None, description="Manually scheduled: the task stays at this start."
    )
    cost: Money | None = None

    @model_validator(mode="after")
    def _constraint_has_date(self) -> "TaskCreate":
        if self.constraint_type in DATED_CONSTRAINTS and self.constraint_date is None:
            raise ValueError(f"constraint_type {self.constraint_type} needs a constraint_date")
        return self


class TaskUpdate(_TaskDates):
    name: str | None = Field(default=None, min_length=1, max_length=300)
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal | None = Field(default=None, ge=0, max_digits=10, decimal_places=2)
    percent_complete: Decimal | None = Field(default=None, ge=0, le=100, decimal_places=2)
    milestone: bool | None = None
    constraint_type: ConstraintType | None = Field(default=None, description="null: ASAP")
    constraint_date: LocalDateTimeIn | None = None
    deadline: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    manual_start: LocalDateTimeIn | None = Field(
        default=None, description="Manually scheduled: the task stays at this start."
    )
    cost: Money | None = None


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
    constraint_date: LocalDateTime | None
    deadline: date | None
    actual_start: date | None
    actual_finish: date | None
    manual_start: LocalDateTime | None
    cost: Decimal | None
    external_source: str | None
    external_id: str | None
    wbs_code: str | None
    is_summary: bool
    is_milestone: bool
    early_start: LocalDateTime | None
    early_finish: LocalDateTime | None
    late_start: LocalDateTime | None
    late_finish: LocalDateTime | None
    total_float_days: Decimal | None
    free_float_days: Decimal | None
    critical: bool
    created_at: datetime
    updated_at: datetime
    version: int


# Sparse fieldsets (``?fields=`` on task lists): the names a caller may ask for, and the
# ones every answer holds anyway (grouping by project and the keyset cursor need them).
TASK_FIELDS: tuple[str, ...] = tuple(TaskRead.model_fields)
TASK_KEY_FIELDS = frozenset({"id", "project_id", "position"})


def _drop_defaults(schema: dict[str, Any]) -> None:
    # The optional fields are absent when not asked for, never null: no default to show.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


def _sparse(name: str, info: FieldInfo) -> tuple[Any, FieldInfo]:
    if name in TASK_KEY_FIELDS:
        return info.annotation, info
    return info.annotation, FieldInfo.merge_field_infos(info, default=None)


# What the task lists send (the rows go out raw, so this only documents them): a TaskRead
# whose fields other than the keys are there only when ``fields`` asks for them.
_SPARSE_FIELDS: dict[str, Any] = {
    name: _sparse(name, info) for name, info in TaskRead.model_fields.items()
}
SparseTaskRead: type[BaseModel] = create_model(
    "SparseTaskRead",
    __doc__="A task with `id`, `project_id`, `position` and the fields named in `fields` "
    "(every field of TaskRead when `fields` is absent).",
    __config__=ConfigDict(json_schema_extra=_drop_defaults),
    **_SPARSE_FIELDS,
)


class ProjectTasks(BaseModel):
    project_id: uuid.UUID
    items: list[SparseTaskRead]  # type: ignore[valid-type]
    next_cursor: str | None


class TasksByProject(BaseModel):
    items: list[ProjectTasks]
