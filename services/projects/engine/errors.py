"""The scheduling engine's error family.

Every problem with a plan is a :class:`SchedulingError`; the API layer maps the whole family to
a 422 problem. Each error carries a machine-readable ``code``, the offending ``field`` and, when
the problem belongs to one task or link, that ``task_id``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


class SchedulingError(Exception):
    """Base class: the plan cannot be scheduled as given."""

    code: str = "scheduling_error"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        task_id: Hashable | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.task_id = task_id
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class ScheduleInputError(SchedulingError):
    """A task, link, calendar or date in the input is invalid.

    ``code`` says which rule was broken: ``unknown_task``, ``duplicate_task``, ``self_link``,
    ``negative_duration``, ``unknown_link_type``, ``unknown_constraint_type``,
    ``missing_constraint_date``, ``date_out_of_range``, ``invalid_progress``, ``invalid_parent``,
    ``invalid_calendar``, ``invalid_value``, ``unknown_progress_mode``.
    """

    code = "invalid_input"


class ScheduleCycleError(SchedulingError):
    """The dependencies contain a cycle; ``task_ids`` lists one cycle in link order.

    The first task is not repeated at the end: ``[a, b, c]`` means a -> b -> c -> a.
    """

    code = "dependency_cycle"

    def __init__(self, task_ids: Sequence[Hashable]) -> None:
        self.task_ids = list(task_ids)
        path = " -> ".join(str(t) for t in [*self.task_ids, self.task_ids[0]])
        super().__init__(
            f"dependency cycle: {path}",
            field="links",
            task_id=self.task_ids[0],
        )
