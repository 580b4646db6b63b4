"""Every statement about corrective actions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from services.reporting.models import CorrectiveAction, audit_records
from shared import audit
from shared.audit import Action, Change, differences
from shared.pagination import PageParams
from shared.repository import SortSpec, keyset_params, page_of

NEWEST_FIRST = SortSpec(
    name="-created_at", column=CorrectiveAction.created_at.expression, descending=True
)
NOT_CLOSED = ("proposed", "open", "in_progress")
# Proposals for a project are serialised: two snapshots taken at once propose one action.
_LOCK_PROJECT = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


async def lock_projects(session: AsyncSession, project_ids: Sequence[uuid.UUID]) -> None:
    for project_id in sorted(project_ids):  # one order everywhere: no deadlock
        await session.execute(_LOCK_PROJECT, {"key": f"corrective-action:{project_id}"})


async def get(
    session: AsyncSession, action_id: uuid.UUID, *, for_update: bool = False
) -> CorrectiveAction | None:
    # A lock taken after an unlocked read must see the row as it is now (populate_existing).
    return await session.get(
        CorrectiveAction, action_id, with_for_update=for_update, populate_existing=for_update
    )


TABLE = CorrectiveAction.__tablename__


async def set_options_job(session: AsyncSession, action_id: uuid.UUID, job_id: uuid.UUID) -> None:
    """Note the options job in the trigger. A plain UPDATE: system metadata added after the
    proposal, so the action's version (a client's If-Match) does not move; audited and
    published by hand (the ORM's listener does not see it)."""
    entry = func.jsonb_build_object("options_job_id", str(job_id))
    noted = await session.execute(
        update(CorrectiveAction)
        .where(CorrectiveAction.id == action_id)
        .values(trigger=CorrectiveAction.trigger.op("||")(entry))
        .returning(
            CorrectiveAction.project_id, CorrectiveAction.portfolio_id, CorrectiveAction.trigger
        )
        .execution_options(synchronize_session=False)
    )
    row = noted.one_or_none()
    if row is not None:
        before = {k: v for k, v in row.trigger.items() if k != "options_job_id"}
        changes = differences({"trigger": before}, {"trigger": row.trigger})
        await _record_system_change(session, action_id, row.project_id, row.portfolio_id, changes)


async def set_effect(
    session: AsyncSession, action: CorrectiveAction, effect: dict[str, Any]
) -> None:
    """Record the effect measured from a new snapshot. A plain UPDATE, like the options job:
    a figure the service computes, so the action's version (a client's If-Match) moves only
    with what people change; a re-measure driven by a project event would otherwise fail
    the next edit of anyone holding the action with a 412. ``updated_at`` does move: the
    record did change. Audited and published by hand (the ORM's listener does not see it);
    an effect measured again to the same figures writes nothing."""
    changes = differences({"effect": action.effect}, {"effect": effect})
    if not changes:
        return
    await session.execute(
        update(CorrectiveAction)
        .where(CorrectiveAction.id == action.id)
        .values(effect=effect)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(action, "effect", effect)  # the loaded row says so too, unflushed
    await _record_system_change(session, action.id, action.project_id, action.portfolio_id, changes)


async def _record_system_change(
    session: AsyncSession,
    action_id: uuid.UUID,
    project_id: uuid.UUID,
    portfolio_id: uuid.UUID | None,
    changes: dict[str, Any],
) -> None:
    change = Change(
        Action.updated, TABLE, action_id, project_id, changes, portfolio_id=portfolio_id
    )
    await audit.record(session, audit_records, [change])


async def add(session: AsyncSession, actions: Sequence[CorrectiveAction]) -> None:
    session.add_all(actions)
    await session.flush()


async def projects_with_open_actions(
    session: AsyncSession, project_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    stmt = select(CorrectiveAction.project_id).where(
        CorrectiveAction.project_id.in_(list(project_ids)),
        CorrectiveAction.status.in_(NOT_CLOSED),
    )
    return set((await session.scalars(stmt)).all())


async def measured_by(
    session: AsyncSession, project_ids: Sequence[uuid.UUID], taken_at: datetime
) -> list[CorrectiveAction]:
    """The actions of these projects recorded before a snapshot taken at ``taken_at``
    (cancelled ones are no longer measured)."""
    stmt = (
        select(CorrectiveAction)
        .where(
            CorrectiveAction.project_id.in_(list(project_ids)),
            CorrectiveAction.status != "cancelled",
            CorrectiveAction.created_at < taken_at,
        )
        .with_for_update()
    )
    return list((await session.scalars(stmt)).all())


async def page(
    session: AsyncSession,
    params: PageParams,
    *,
    project_id: uuid.UUID | None = None,
    portfolio_id: uuid.UUID | None = None,
    statuses: Sequence[str] = (),
) -> tuple[list[CorrectiveAction], str | None]:
    """One project's or one portfolio's actions, newest first."""
    values = keyset_params(NEWEST_FIRST, params)
    stmt = select(CorrectiveAction)
    if project_id is not None:
        stmt = stmt.where(CorrectiveAction.project_id == project_id)
    if portfolio_id is not None:
        stmt = stmt.where(CorrectiveAction.portfolio_id == portfolio_id)
    if statuses:
        stmt = stmt.where(CorrectiveAction.status.in_(list(statuses)))
    if "after_id" in values:
        key = (CorrectiveAction.created_at, CorrectiveAction.id)
        stmt = stmt.where(
            (key[0] < values["after_value"])
            | ((key[0] == values["after_value"]) & (key[1] < values["after_id"]))
        )
    stmt = stmt.order_by(CorrectiveAction.created_at.desc(), CorrectiveAction.id.desc())
    rows = list((await session.scalars(stmt.limit(values["limit"]))).all())
    keyed = [{"created_at": r.created_at, "id": r.id, "row": r} for r in rows]
    items, cursor = page_of(keyed, NEWEST_FIRST, "created_at", params)
    return [item["row"] for item in items], cursor
