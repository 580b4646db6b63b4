"""Errors that mean the database cannot be reached right now (it is restarting, shutting
down, or dropped the connection mid-request), answered as 503 with ``Retry-After`` rather
than 500: nothing was committed, and the same request (with its ``Idempotency-Key``) may
be sent again.

Except when the connection is lost during COMMIT (:func:`shared.db.get_session`): the
server may have applied the change before the connection went. That is a 503 of its own
type (``outcome-unknown``): retry with the same ``Idempotency-Key`` (the key's claim is
marked in the request's own transaction, so a retry never applies the change twice), or
read the resource back.

Recognised along the exception's cause chain: SQLAlchemy's ``connection_invalidated``;
PostgreSQL SQLSTATE classes 08 (connection exception) and 57 (operator intervention:
shutdown, cannot connect now); asyncpg's "connection closed" interface errors; and an
``OSError`` raised inside asyncpg (the server's socket is gone).
"""

from __future__ import annotations

from collections.abc import Iterator

import asyncpg
from sqlalchemy.exc import DBAPIError

from shared.errors import ServiceUnavailable

RETRY_AFTER_SECONDS = 1
_SQLSTATE_CLASSES = ("08", "57")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending and len(seen) < 16:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend([current.__cause__, current.__context__, getattr(current, "orig", None)])


def _raised_in_asyncpg(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        if str(tb.tb_frame.f_globals.get("__name__", "")).startswith("asyncpg"):
            return True
        tb = tb.tb_next
    return False


def database_unavailable(exc: BaseException) -> bool:
    for error in _chain(exc):
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        if str(getattr(error, "sqlstate", "") or "")[:2] in _SQLSTATE_CLASSES:
            return True
        if isinstance(error, asyncpg.ConnectionDoesNotExistError):
            return True
        if isinstance(error, asyncpg.InterfaceError) and "connection is closed" in str(error):
            return True
        if isinstance(error, OSError) and _raised_in_asyncpg(error):
            return True
    return False


class CommitOutcomeUnknown(ServiceUnavailable):
    title = "Commit Outcome Unknown"
    slug = "outcome-unknown"


def outcome_unknown_problem() -> CommitOutcomeUnknown:
    error = CommitOutcomeUnknown(
        "The connection to the database was lost while the change was being committed: it "
        "may have been applied. Retry with the same Idempotency-Key (a change already "
        "applied is not applied again), or read the resource back before sending the "
        "request again without one."
    )
    error.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return error


def unavailable_problem() -> ServiceUnavailable:
    error = ServiceUnavailable("The database is not reachable right now; retry the request.")
    error.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return error
