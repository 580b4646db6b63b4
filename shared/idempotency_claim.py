"""The link between a request's ``Idempotency-Key`` claim and the request's own transaction.

The claim is committed on its own before the request runs (:mod:`shared.idempotency`), so
concurrent duplicates see it. Just before the request's transaction commits,
:func:`shared.db.get_session` marks the claim ``applied`` in that same transaction: the
mark is durable exactly when the change is. When the connection is lost during COMMIT, the
claim's state says what happened, and a retry with the key is never applied twice: an
``applied`` claim is kept (the retry is told the change was applied), an ``in_flight`` one
is released (the retry runs).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import Scope

IN_FLIGHT = "in_flight"
APPLIED = "applied"  # committed with the request's change; its answer not stored yet
DONE = "done"
_SCOPE_KEY = "idempotency_claim"


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    table: Table
    principal: str
    key: str


def hold_claim(scope: Scope, claim: IdempotencyClaim) -> None:
    """Hands the claim to the request (``request.state``) for its session to mark."""
    scope.setdefault("state", {})[_SCOPE_KEY] = claim


async def mark_claim_applied(session: AsyncSession, scope: Scope) -> None:
    """In the request's transaction, before its COMMIT: the claim is applied with it."""
    claim: IdempotencyClaim | None = scope.get("state", {}).get(_SCOPE_KEY)
    if claim is None:
        return
    t = claim.table
    await session.execute(
        update(t)
        .where(t.c.principal == claim.principal, t.c.key == claim.key, t.c.state == IN_FLIGHT)
        .values(state=APPLIED)
    )
