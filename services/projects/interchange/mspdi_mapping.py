"""Turn a parsed MSPDI project into the scheduling engine's input."""

from __future__ import annotations

from services.projects.engine.model import LinkInput, ScheduleInput, TaskInput
from services.projects.interchange.calendars import to_work_calendar
from services.projects.interchange.mspdi_model import MspdiProject, MspdiTask


def scheduled_tasks(project: MspdiProject) -> list[MspdiTask]:
    """The tasks the engine schedules: not the project summary row (outline level 0), not
    inactive or blank rows."""
    return [t for t in project.tasks if t.outline_level > 0 and t.active]


def _task_input(task: MspdiTask, kept: set[int]) -> TaskInput:
    return TaskInput(
        id=task.uid,
        name=task.name,
        duration_days=task.duration_days,
        parent_id=task.parent_uid if task.parent_uid in kept else None,
        milestone=task.milestone,
        constraint=task.constraint,
        constraint_date=task.constraint_date,
        deadline=task.deadline,
        percent_complete=task.percent_complete,
        actual_start=task.actual_start,
        actual_finish=task.actual_finish,
        manual_start=task.manual_start,  # the engine ignores it on a summary
        actual_duration_days=task.actual_duration_days,
        remaining_duration_days=task.remaining_duration_days,
    )


def to_schedule_input(project: MspdiProject, warnings: list[str] | None = None) -> ScheduleInput:
    """Engine input for the project calendar. Links to skipped tasks are dropped."""
    tasks = scheduled_tasks(project)
    kept = {t.uid for t in tasks}
    links = [
        LinkInput(link.predecessor_uid, task.uid, link.type, link.lag_days)
        for task in tasks
        for link in task.predecessors
        if link.predecessor_uid in kept
    ]
    notes = warnings if warnings is not None else []
    options = project.status_options
    return ScheduleInput(
        project_start=project.start_date,
        tasks=[_task_input(t, kept) for t in tasks],
        links=links,
        calendar=to_work_calendar(project.calendars, project.calendar_uid, notes),
        status_date=project.status_date,
        deadline=project.deadline,
        critical_threshold_days=project.critical_slack_limit_days,
        # The file was scheduled by MS Project (or a tool doing as it does), with these
        # options, unless it is our export of a data-date project (progress_marks.py).
        progress_mode=project.progress_mode,
        move_completed_ends_back=options.move_completed_ends_back,
        move_remaining_starts_back=options.move_remaining_starts_back,
        move_remaining_starts_forward=options.move_remaining_starts_forward,
        move_completed_ends_forward=options.move_completed_ends_forward,
        split_in_progress_tasks=options.split_in_progress_tasks,
    )
