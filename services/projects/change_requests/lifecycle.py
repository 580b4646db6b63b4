"""draft -> submitted -> approved / rejected: a plain rule, no I/O."""

from __future__ import annotations

from services.projects.change_requests.schemas import ChangeRequestStatus as S
from shared.errors import InvalidTransition

ALLOWED: dict[S, frozenset[S]] = {
    S.draft: frozenset({S.submitted}),
    S.submitted: frozenset({S.approved, S.rejected}),
    S.approved: frozenset(),
    S.rejected: frozenset(),
}


def ensure_transition(current: S, target: S) -> None:
    if target not in ALLOWED[current]:
        raise InvalidTransition(
            f"A change request cannot go from {current.value} to {target.value}.",
            extra={"current_status": current.value, "target_status": target.value},
        )
