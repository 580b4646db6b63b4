from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from services.projects.engine import ProgressMode
from services.projects.schemas_common import StrictModel
from shared.fields import LocalDateTime

STOP = (
    "Computed, for a task in progress: where its completed part ends (MS Project's Stop). "
    "Null for a task not started or complete."
)
RESUME = (
    "Computed, for a task in progress: where its remaining part starts (MS Project's "
    "Resume). Later than stop in working time when the task is split."
)
IS_SPLIT = (
    "Computed: the remaining part of this task in progress resumes after a pause (a split: "
    "a move option or a predecessor holds it), so it is drawn as two bars."
)
PROGRESS_MODE_DESCRIPTION = (
    "How progress moves the plan around the status date. `data_date` (the default for "
    "projects created through the API, and the mode of every project that existed before "
    "the setting): as Primavera P6 schedules from its data date, no remaining work and no "
    "unstarted task is planned before the status date, so the dates are an honest forecast "
    "and the plan never shows work that has not happened yet in the past; this is how the "
    "service always scheduled progress. `ms_project`: as Microsoft Project schedules: "
    "completed work stays where it happened, remaining work follows it wherever the status "
    "date is, unstarted tasks follow their logic, and the four move options below decide "
    "whether parts of tasks in progress move to the status date. MS Project XML imports "
    "take `ms_project` with the file's options, so the plan keeps the dates MS Project "
    "computed."
)
MOVE_OPTION_NOTE = (
    " Only in `ms_project` mode, with a status date; off by default, as in MS Project."
)
MOVE_DESCRIPTIONS = {
    "move_completed_ends_back": (
        "MS Project's 'Move end of completed parts after status date back to status date': "
        "a task ahead of schedule has its completed part moved back to end on the status date "
        "(its remaining part stays where it was, leaving a split)." + MOVE_OPTION_NOTE
    ),
    "move_remaining_starts_back": (
        "MS Project's '... and move start of remaining parts back to status date': with "
        "`move_completed_ends_back`, the remaining part follows the completed part back to "
        "the status date (no split). No effect without `move_completed_ends_back`."
        + MOVE_OPTION_NOTE
    ),
    "move_remaining_starts_forward": (
        "MS Project's 'Move start of remaining parts before status date forward to status "
        "date': a task behind schedule has its remaining part moved forward to start on the "
        "status date (a split after the completed part)." + MOVE_OPTION_NOTE
    ),
    "move_completed_ends_forward": (
        "MS Project's '... and move end of completed parts forward to status date': with "
        "`move_remaining_starts_forward`, the completed part moves forward too, to end on the "
        "status date (no split). No effect without `move_remaining_starts_forward`."
        + MOVE_OPTION_NOTE
    ),
}
SPLIT_DESCRIPTION = (
    "MS Project's 'Split in-progress tasks' (`ms_project` mode; on by default, as in MS "
    "Project): the remaining part of a task in progress waits for its predecessors' links, "
    "after a gap (a split), instead of following its completed part."
)


class CriticalTask(BaseModel):
    id: uuid.UUID
    name: str
    wbs_code: str | None
    early_start: LocalDateTime | None
    early_finish: LocalDateTime | None
    total_float_days: Decimal | None


class CriticalPath(BaseModel):
    project_id: uuid.UUID
    project_finish: LocalDateTime | None
    tasks: list[CriticalTask]


class TaskScheduleRead(BaseModel):
    id: uuid.UUID
    name: str
    wbs_code: str | None
    is_summary: bool
    is_milestone: bool
    start_date: date | None
    finish_date: date | None
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


class ScheduleSettings(StrictModel):
    calendar_id: uuid.UUID | None = Field(
        default=None, description="null: the default Mon-Fri, 8-hour calendar"
    )
    status_date: date | None = None
    deadline: date | None = None
    critical_threshold_days: Decimal | None = Field(
        default=None, ge=0, max_digits=8, decimal_places=2
    )
    progress_mode: ProgressMode | None = Field(
        default=None, description=PROGRESS_MODE_DESCRIPTION + " null: back to `data_date`."
    )
    move_completed_ends_back: bool | None = Field(
        default=None, description=MOVE_DESCRIPTIONS["move_completed_ends_back"] + " null: off."
    )
    move_remaining_starts_back: bool | None = Field(
        default=None, description=MOVE_DESCRIPTIONS["move_remaining_starts_back"] + " null: off."
    )
    move_remaining_starts_forward: bool | None = Field(
        default=None, description=MOVE_DESCRIPTIONS["move_remaining_starts_forward"] + " null: off."
    )
    move_completed_ends_forward: bool | None = Field(
        default=None, description=MOVE_DESCRIPTIONS["move_completed_ends_forward"] + " null: off."
    )
    split_in_progress_tasks: bool | None = Field(
        default=None, description=SPLIT_DESCRIPTION + " null: on."
    )


class ProgressSettingsRead(BaseModel):
    """A project's progress semantics, as the scheduler applies them."""

    progress_mode: ProgressMode = Field(description=PROGRESS_MODE_DESCRIPTION)
    move_completed_ends_back: bool = Field(
        description=MOVE_DESCRIPTIONS["move_completed_ends_back"]
    )
    move_remaining_starts_back: bool = Field(
        description=MOVE_DESCRIPTIONS["move_remaining_starts_back"]
    )
    move_remaining_starts_forward: bool = Field(
        description=MOVE_DESCRIPTIONS["move_remaining_starts_forward"]
    )
    move_completed_ends_forward: bool = Field(
        description=MOVE_DESCRIPTIONS["move_completed_ends_forward"]
    )
    split_in_progress_tasks: bool = Field(description=SPLIT_DESCRIPTION)


class ScheduleSettingsRead(ProgressSettingsRead):
    project_id: uuid.UUID
    calendar_id: uuid.UUID | None
    status_date: date | None
    deadline: date | None
    critical_threshold_days: Decimal
    scheduled_start: LocalDateTime | None
    scheduled_finish: LocalDateTime | None
    version: int
