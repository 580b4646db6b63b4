"""Where each part of the dashboard comes from, read so that a failing source costs its part
only: every read answers an :class:`Outcome`, its value or the reason it is missing.

Upstream calls for a portfolio of n readable projects: 1 + 2 x ceil(n / 500) (5 for 1,000
projects), in two rounds: the projects service's dashboard facts (one call, whatever n), then
together governance's open gate reviews and latest evaluations of those projects (batches of
500 ids, the batch reads' limit, all in parallel). The health part is read from reporting's
own database in the second round. For a caller who does not read every project, governance
checks which of the ids they may read with one call of its own to the projects service per
batch (the global read roles need none)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

import asyncpg
import structlog

from services.reporting.dashboard.compose import Health, Scores
from services.reporting.dashboard.repository import DashboardRepository
from services.reporting.dashboard.schemas import MissingPart, Part
from shared.clients import chunks
from shared.clients.governance import GovernanceClient
from shared.clients.governance.gates import GateReviewDTO, ReviewState
from shared.clients.projects import ProjectsClient
from shared.clients.projects.dashboard import PortfolioDashboardFactsDTO
from shared.errors import NotFound, ProblemError
from shared.reads import Reader

T = TypeVar("T")
log = structlog.get_logger(__name__)
repository = DashboardRepository()


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    value: T | None = None
    missing: MissingPart | None = None


@dataclass(frozen=True, slots=True)
class Sources:
    projects: ProjectsClient
    governance: GovernanceClient
    reader: Reader


@dataclass(frozen=True, slots=True)
class DashboardQuery:
    as_of: date
    milestone_days: int
    top_risks: int


async def attempt(part: Part, read: Awaitable[T]) -> Outcome[T]:
    """The read's value, or why the part is missing. An unknown portfolio is not a missing
    part: its NotFound goes on to the caller (404)."""
    try:
        return Outcome(value=await read)
    except NotFound:
        raise
    except ProblemError as exc:
        reason = f"{exc.title}: {exc.detail}"
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
        log.warning("dashboard_part_unreadable", part=part.value, exc_info=exc)
        reason = "The reporting database could not be read."
    return Outcome(missing=MissingPart(part=part, reason=reason))


async def facts(
    sources: Sources, portfolio_id: uuid.UUID, query: DashboardQuery
) -> Outcome[PortfolioDashboardFactsDTO]:
    read = sources.projects.portfolio_dashboard_facts(
        portfolio_id,
        milestone_days=query.milestone_days,
        top_risks=query.top_risks,
        as_of=query.as_of,
    )
    return await attempt(Part.projects, read)


async def _open_reviews(
    governance: GovernanceClient, project_ids: list[uuid.UUID]
) -> list[GateReviewDTO]:
    batches = await asyncio.gather(
        *(
            governance.gate_reviews_of_projects(batch, state=ReviewState.open)
            for batch in chunks(project_ids)
        )
    )
    return [review for batch in batches for review in batch]


async def _latest_scores(governance: GovernanceClient, project_ids: list[uuid.UUID]) -> Scores:
    batches = await asyncio.gather(
        *(governance.latest_evaluations(batch) for batch in chunks(project_ids))
    )
    return {e.project_id: e.score for batch in batches for e in batch}


async def governance_and_health(
    sources: Sources, project_ids: list[uuid.UUID], as_of: date
) -> tuple[Outcome[list[GateReviewDTO]], Outcome[Scores], Outcome[Health]]:
    """The second round, all at once; nothing to ask when there are no projects."""
    if not project_ids:
        return Outcome(value=[]), Outcome(value={}), Outcome(value={})
    return await asyncio.gather(
        attempt(Part.gates, _open_reviews(sources.governance, project_ids)),
        attempt(Part.compliance, _latest_scores(sources.governance, project_ids)),
        attempt(Part.health, repository.health(sources.reader, project_ids, as_of)),
    )
