import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator
from pydantic.fields import FieldInfo

from services.projects.engine import ConstraintType
from services.projects.schedule.schemas import IS_SPLIT, RESUME, STOP
from services.projects.schemas_common import Money, StrictModel
from services.projects.tasks.estimates import ESTIMATE_HELP, DurationDistribution
from services.projects.tasks.progress import RULES, as_instant, finish_before_start
from shared.fields import LocalDateTime, LocalDateTimeIn

PERCENT_COMPLETE = "Share of the duration done. " + RULES
ACTUAL_START = (
    "When work began (project-local time; a bare date means the day's first working "
    "minute, stored at midnight). See percent_complete for how it follows the other fields."
)
ACTUAL_FINISH = (
    "When work ended (project-local time; a bare date means the day's last working minute, "
    "stored at midnight). Makes the task 100 % complete; never before actual_start. The "
    "time matters: a milestone done at 17:00 is on that day, one at 08:00 the next morning "
    "is on the next."
)
ACTUAL_DURATION = "Working days of work done (MS Project's Actual Duration)."
REMAINING_DURATION = (
    "Working days of work left (MS Project's Remaining Duration); a started task lasts "
    "actual + remaining."
)
OPTIONAL = "Scope the PMO may cut to recover the schedule (a corrective option)."


def _estimate(what: str) -> Any:
    return Field(
        default=None, ge=0, max_digits=10, decimal_places=2, description=f"{what}. {ESTIMATE_HELP}"
    )


class _Estimate(BaseModel):
    duration_optimistic_days: Decimal | None = _estimate("Optimistic duration")
    duration_most_likely_days: Decimal | None = _estimate("Most likely duration")
    duration_pessimistic_days: Decimal | None = _estimate("Pessimistic duration")
    duration_distribution: DurationDistribution | None = Field(
        default=None, description="triangular or pert (Beta-PERT). " + ESTIMATE_HELP
    )


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
        if finish_before_start(actual_start, actual_finish):
            raise ValueError("actual_finish must not be before actual_start")
        return self

    @field_validator(
        "constraint_date", "actual_start", "actual_finish", mode="after", check_fields=False
    )
    @classmethod
    def _as_datetime(cls, value: date | datetime | None) -> datetime | None:
        """Stored as a project-local naive datetime; a bare date is stored at midnight and
        means the start of the working day for starts and start constraints, its end for
        finishes and finish constraints."""
        return as_instant(value)


class TaskCreate(_TaskDates, _Estimate):
    name: str = Field(min_length=1, max_length=300)
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal = Field(default=Decimal(0), ge=0, max_digits=10, decimal_places=2)
    percent_complete: Decimal = Field(
        default=Decimal(0), ge=0, le=100, decimal_places=2, description=PERCENT_COMPLETE
    )
    milestone: bool | None = Field(default=None, description="null: a milestone iff duration 0")
    constraint_type: ConstraintType = ConstraintType.ASAP
    constraint_date: LocalDateTimeIn | None = None
    deadline: date | None = None
    actual_start: LocalDateTimeIn | None = Field(default=None, description=ACTUAL_START)
    actual_finish: LocalDateTimeIn | None = Field(default=None, description=ACTUAL_FINISH)
    actual_duration_days: Decimal | None = Field(
        default=None, ge=0, max_digits=12, decimal_places=4, description=ACTUAL_DURATION
    )
    remaining_duration_days: Decimal | None = Field(
        default=None, ge=0, max_digits=12, decimal_places=4, description=REMAINING_DURATION
    )
    manual_start: LocalDateTimeIn | None = Field(
        default=None, description="Manually scheduled: the task stays at this start."
    )
    cost: Money | None = None
    optional: bool = Field(default=False, description=OPTIONAL)

    @model_validator(mode="after")
    def _constraint_has_date(self) -> "TaskCreate":
        if self.constraint_type in DATED_CONSTRAINTS and self.constraint_date is None:
            raise ValueError(f"constraint_type {self.constraint_type} needs a constraint_date")
        return self


class TaskUpdate(_TaskDates, _Estimate):
    """Estimate fields merge with the stored ones (all four null: no estimate)."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    parent_id: uuid.UUID | None = None
    start_date: date | None = None
    finish_date: date | None = None
    duration_days: Decimal | None = Field(default=None, ge=0, max_digits=10, decimal_places=2)
    percent_complete: Decimal | None = Field(
        default=None, ge=0, le=100, decimal_places=2, description=PERCENT_COMPLETE + " null: 0."
    )
    milestone: bool | None = None
    constraint_type: ConstraintType | None = Field(default=None, description="null: ASAP")
    constraint_date: LocalDateTimeIn | None = None
    deadline: date | None = None
    actual_start: LocalDateTimeIn | None = Field(default=None, description=ACTUAL_START)
    actual_finish: LocalDateTimeIn | None = Field(default=None, description=ACTUAL_FINISH)
    actual_duration_days: Decimal | None = Field(
        default=None,
        ge=0,
        max_digits=12,
        decimal_places=4,
        description=ACTUAL_DURATION + " null: unchanged.",
    )
    remaining_duration_days: Decimal | None = Field(
        default=None,
        ge=0,
        max_digits=12,
        decimal_places=4,
        description=REMAINING_DURATION + " null: unchanged.",
    )
    manual_start: LocalDateTimeIn | None = Field(
        default=None, description="Manually scheduled: the task stays at this start."
    )
    cost: Money | None = None
    optional: bool | None = Field(default=None, description=OPTIONAL + " null: unchanged.")


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
    actual_start: LocalDateTime | None = Field(description=ACTUAL_START)
    actual_finish: LocalDateTime | None = Field(description=ACTUAL_FINISH)
    actual_duration_days: Decimal = Field(description=ACTUAL_DURATION)
    remaining_duration_days: Decimal = Field(description=REMAINING_DURATION)
    manual_start: LocalDateTime | None
    levelling_delay_days: Decimal = Field(
        description="Working days levelling added before the early start (MS Project's "
        "Leveling Delay); written by applying a levelling, cleared by DELETE .../levelling"
    )
    cost: Decimal | None
    duration_optimistic_days: Decimal | None
    duration_most_likely_days: Decimal | None
    duration_pessimistic_days: Decimal | None
    duration_distribution: str | None
    optional: bool
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
    stop: LocalDateTime | None = Field(description=STOP)
    resume: LocalDateTime | None = Field(description=RESUME)
    is_split: bool = Field(description=IS_SPLIT)
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


class ImpactTask(BaseModel):
    id: uuid.UUID
    name: str
    wbs_code: str | None


class ImpactLink(BaseModel):
    id: uuid.UUID
    type: str
    predecessor_id: uuid.UUID
    predecessor_name: str
    successor_id: uuid.UUID
    successor_name: str


class ImpactAssignment(BaseModel):
    id: uuid.UUID
    task_id: uuid.UUID
    resource_id: uuid.UUID
    resource_name: str


class TaskDeleteImpact(BaseModel):
    """What ``DELETE /v1/tasks/{id}`` takes with it."""

    task_id: uuid.UUID
    subtasks: list[ImpactTask] = Field(description="Tasks under it, deleted with it")
    dependencies: list[ImpactLink] = Field(
        description="Links to or from it or its subtasks, deleted (the other tasks stay and "
        "are rescheduled)"
    )
    assignments: list[ImpactAssignment] = Field(description="Deleted with their tasks")
    actual_costs_detached: int = Field(
        description="Actual costs booked on these tasks: kept on the project, without a task"
    )
    baseline_rows_kept: int = Field(
        description="Baseline rows of these tasks: kept, baselines are history"
    )
    needs_confirmation: bool = Field(
        description="Subtasks, links or assignments go too: DELETE answers 409 unless "
        "called with ?cascade=true"
    )
