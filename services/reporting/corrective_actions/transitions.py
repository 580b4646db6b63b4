"""Which status an action may move to from each status. Closed actions (done, cancelled)
move no more: a lesson is drawn from them instead."""

from __future__ import annotations

from services.reporting.corrective_actions.schemas import ActionStatus
from shared.errors import InvalidTransition

S = ActionStatus
ALLOWED: dict[ActionStatus, frozenset[ActionStatus]] = {
    S.proposed: frozenset({S.open, S.in_progress, S.cancelled}),
    S.open: frozenset({S.in_progress, S.done, S.cancelled}),
    S.in_progress: frozenset({S.open, S.done, S.cancelled}),
    S.done: frozenset(),
    S.cancelled: frozenset(),
}
# An action is recorded as proposed (to be accepted) or open (already decided).
INITIAL = frozenset({S.proposed, S.open})


def check_transition(current: ActionStatus, target: ActionStatus) -> None:
    if target != current and target not in ALLOWED[current]:
        allowed = ", ".join(sorted(s.value for s in ALLOWED[current])) or "none (it is closed)"
        raise InvalidTransition(
            f"A {current.value} action cannot become {target.value}; allowed: {allowed}."
        )
