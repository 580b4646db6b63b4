"""What a snapshot does to the action register, in the snapshot's transaction:

1. each action recorded before the snapshot gets its measured effect against it
   (:mod:`.effect`);
2. a project whose effective colour turned amber or red (from green, or with no earlier
   snapshot), or whose P80 finish passed its deadline (it was not past it in the previous
   snapshot), gets a ``proposed`` action with the reasons, unless an action of the project
   is still open (proposed, open or in progress): proposals are idempotent.

The snapshots service calls :func:`after_snapshot`, then, once its transaction committed,
:func:`queue_options`; this module never reads snapshots."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.reporting.corrective_actions import repository
from services.reporting.corrective_actions.effect import figures_of, measured
from services.reporting.corrective_actions.schemas import ActionStatus, Figures, TriggerKind
from services.reporting.identity import REPORTING
from services.reporting.models import CorrectiveAction
from shared.clients.projects import ProjectsClient
from shared.errors import ProblemError

ALARMING = frozenset({"amber", "red"})
log = structlog.get_logger("pmo.reporting.register")


@dataclass(frozen=True, slots=True)
class Previous:
    """What the register needs of a project's previous snapshot."""

    effective_rag: str
    p80_finish: date | None


def baseline_of(figures: Figures) -> dict[str, Any]:
    return {
        "baseline_day": figures.day,
        "baseline_spi": figures.spi,
        "baseline_spi_t": figures.spi_t,
        "baseline_p80_finish": figures.p80_finish,
        "baseline_critical_float_days": figures.critical_float_days,
    }


def before_of(action: CorrectiveAction) -> Figures:
    return Figures(
        day=action.baseline_day,
        spi=action.baseline_spi,
        spi_t=action.baseline_spi_t,
        p80_finish=action.baseline_p80_finish,
        critical_float_days=action.baseline_critical_float_days,
    )


def _late(p80: date | None, deadline: date | None) -> bool:
    return p80 is not None and deadline is not None and p80 > deadline


def trigger_of(
    row: Mapping[str, Any], previous: Previous | None, deadline: date | None
) -> dict[str, Any] | None:
    """The trigger of a proposal for this snapshot row, or None."""
    rag = row["effective_rag"]
    day = row["day"].isoformat()
    p80 = row.get("p80_finish")
    previous_rag = previous.effective_rag if previous is not None else None
    if rag in ALARMING and previous_rag in (None, "green", "unknown"):
        return {
            "kind": TriggerKind.health.value,
            "day": day,
            "rag": rag,
            "previous_rag": previous_rag,
            "reasons": row["health"]["overall_reasons"],
            "p80_finish": p80.isoformat() if p80 else None,
            "deadline": deadline.isoformat() if deadline else None,
        }
    was_late = previous is not None and _late(previous.p80_finish, deadline)
    if _late(p80, deadline) and not was_late:
        assert p80 is not None and deadline is not None
        reason = {
            "metric": "p80_finish",
            "message": f"The P80 finish {p80} is after the deadline {deadline}.",
        }
        return {
            "kind": TriggerKind.p80_late.value,
            "day": day,
            "rag": rag,
            "previous_rag": previous_rag,
            "reasons": [reason],
            "p80_finish": p80.isoformat(),
            "deadline": deadline.isoformat(),
        }
    return None


def _title(trigger: Mapping[str, Any]) -> str:
    if trigger["kind"] == TriggerKind.p80_late.value:
        return "Bring the P80 finish back before the deadline"
    return f"Recover from {trigger['rag']} health"


def _proposal(row: Mapping[str, Any], trigger: dict[str, Any], now: datetime) -> CorrectiveAction:
    return CorrectiveAction(
        id=uuid.uuid4(),
        project_id=row["project_id"],
        portfolio_id=row["portfolio_id"],
        trigger=trigger,
        title=_title(trigger),
        status=ActionStatus.proposed.value,
        created_by=REPORTING.subject,
        created_at=now,
        updated_at=now,
        **baseline_of(figures_of(row)),
    )


async def measure(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    """Each action's effect against the project's snapshot just taken."""
    by_project = {row["project_id"]: row for row in rows}
    if not by_project:
        return
    taken_at = min(row["taken_at"] for row in rows)
    for action in await repository.measured_by(session, list(by_project), taken_at):
        after = figures_of(by_project[action.project_id])
        effect = measured(before_of(action), after).model_dump(mode="json")
        await repository.set_effect(session, action, effect)


async def after_snapshot(
    session: AsyncSession,
    rows: Sequence[Mapping[str, Any]],
    previous: Mapping[uuid.UUID, Previous],
    deadlines: Mapping[uuid.UUID, date | None],
    now: datetime,
) -> list[Proposed]:
    """Measure the effects, then propose; answers the actions proposed."""
    await measure(session, rows)
    triggers = {
        row["project_id"]: (row, trigger)
        for row in rows
        if (
            trigger := trigger_of(
                row, previous.get(row["project_id"]), deadlines.get(row["project_id"])
            )
        )
    }
    if not triggers:
        return []
    await repository.lock_projects(session, list(triggers))
    busy = await repository.projects_with_open_actions(session, list(triggers))
    proposals = [_proposal(row, t, now) for pid, (row, t) in triggers.items() if pid not in busy]
    await repository.add(session, proposals)
    return [Proposed(action.id, action.project_id) for action in proposals]


@dataclass(frozen=True, slots=True)
class Proposed:
    action_id: uuid.UUID
    project_id: uuid.UUID


async def queue_options(
    sessionmaker: async_sessionmaker[AsyncSession],
    projects: ProjectsClient,
    proposed: Sequence[Proposed],
) -> None:
    """Ask the projects service for each proposal's corrective options (a job) and note the
    job in the action's trigger (``options_job_id``). Called after the snapshot committed:
    no lock is held during the calls. A projects service that refuses or is down leaves the
    trigger without a job; the PMO can still ask (proposeCorrectiveOptions)."""
    jobs: list[tuple[uuid.UUID, uuid.UUID]] = []
    for proposal in proposed:
        try:
            job = await projects.request_corrective_options(proposal.project_id)
        except (ProblemError, httpx.HTTPError) as error:
            log.warning(
                "corrective_options_not_queued", project=str(proposal.project_id), error=str(error)
            )
            continue
        jobs.append((proposal.action_id, job.id))
    if jobs:
        async with sessionmaker() as session, session.begin():
            for action_id, job_id in jobs:
                await repository.set_options_job(session, action_id, job_id)
