"""Where an evaluation's facts come from: the projects service (one project, or a
portfolio's projects in batches, with the caller's token so its read access applies) and
governance's own records about the projects."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.deliverables.service import present_deliverables
from services.governance.gates.service import approved_gates
from shared.clients.projects import ProjectsClient
from shared.clients.projects.facts import FACTS_BATCH, ProjectFactsDTO
from shared.pagination import MAX_LIMIT

# Facts batches read at once: a big portfolio does not flood the projects service.
CONCURRENT_BATCHES = 4


@dataclass(frozen=True, slots=True)
class GovernanceFacts:
    """What governance itself knows about a project that rules read."""

    # Phases whose entry gate was approved (a `go` from every required approver).
    approved_gates: frozenset[str] = frozenset()
    # Keys of the deliverables recorded for the project.
    deliverables: frozenset[str] = frozenset()


NO_GOVERNANCE_FACTS = GovernanceFacts()


async def governance_facts(
    session: AsyncSession, project_ids: list[uuid.UUID]
) -> dict[uuid.UUID, GovernanceFacts]:
    """The approved gates and present deliverables of each project: one batch query over
    the gate reviews and one over the deliverables, for all ``project_ids`` at once."""
    gates = await approved_gates(session, project_ids)
    delivered = await present_deliverables(session, project_ids)
    return {
        project_id: GovernanceFacts(
            approved_gates=gates.get(project_id, frozenset()),
            deliverables=delivered.get(project_id, frozenset()),
        )
        for project_id in project_ids
    }


async def facts_of_project(client: ProjectsClient, project_id: uuid.UUID) -> ProjectFactsDTO:
    """404 (from the projects service) when the project is unknown or the caller may not
    read it."""
    return await client.project_facts(project_id)


async def project_ids_of_portfolio(
    client: ProjectsClient, portfolio_id: uuid.UUID
) -> list[uuid.UUID]:
    """Every project of the portfolio; 404 when the portfolio is unknown."""
    ids: list[uuid.UUID] = []
    cursor: str | None = None
    while True:
        page = await client.list_projects(portfolio_id=portfolio_id, limit=MAX_LIMIT, cursor=cursor)
        ids.extend(project.id for project in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    if not ids:
        await client.get_portfolio(portfolio_id)  # an empty portfolio, or a 404
    return ids


async def facts_in_batches(
    client: ProjectsClient, project_ids: list[uuid.UUID]
) -> AsyncIterator[list[ProjectFactsDTO]]:
    """The facts of many projects, one request per ``FACTS_BATCH`` projects and a few
    requests at a time, each batch yielded as soon as it arrives: the caller evaluates one
    batch while the projects service computes the next. Unknown or unreadable projects are
    left out. A failed batch ends the iteration with its error (the others are cancelled)."""
    gate = asyncio.Semaphore(CONCURRENT_BATCHES)

    async def batch(ids: list[uuid.UUID]) -> list[ProjectFactsDTO]:
        async with gate:
            return await client.facts_of_projects(ids)

    starts = range(0, len(project_ids), FACTS_BATCH)
    tasks = [asyncio.ensure_future(batch(project_ids[i : i + FACTS_BATCH])) for i in starts]
    try:
        for arrived in asyncio.as_completed(tasks):
            yield await arrived
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
