"""The project status lifecycle: which transitions are allowed (pure)."""

from services.projects.projects.schemas import ProjectStatus as S
from shared.errors import InvalidTransition

ALLOWED_TRANSITIONS: dict[S, frozenset[S]] = {
    S.proposed: frozenset({S.approved, S.cancelled}),
    S.approved: frozenset({S.active, S.on_hold, S.cancelled}),
    S.active: frozenset({S.on_hold, S.completed, S.cancelled}),
    S.on_hold: frozenset({S.active, S.cancelled}),
    S.completed: frozenset(),
    S.cancelled: frozenset(),
}


def ensure_transition(current: S, target: S) -> None:
    if target == current:
        return
    allowed = ALLOWED_TRANSITIONS[current]
    if target not in allowed:
        options = ", ".join(sorted(s.value for s in allowed)) or "none (final status)"
        raise InvalidTransition(
            f"A project cannot go from {current.value} to {target.value}; allowed: {options}.",
            extra={"from": current.value, "to": target.value},
        )
