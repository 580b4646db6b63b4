"""A portfolio's dashboard in one request, from a fixed number of reads (see ``sources``):
the projects service's facts first (they name the projects the caller may read), then
governance and the snapshots of those projects together. A part whose source failed is
left out and named in ``missing``; only an unknown portfolio fails the request (404)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.reporting.dashboard import compose, sources
from services.reporting.dashboard.schemas import MissingPart, Part, PortfolioDashboard
from services.reporting.dashboard.sources import DashboardQuery, Sources
from shared.clients.projects.dashboard import PortfolioDashboardFactsDTO

NEEDS_PROJECTS = "Needs the portfolio's projects, which the projects service did not give."


async def portfolio_dashboard(
    upstream: Sources, portfolio_id: uuid.UUID, query: DashboardQuery
) -> PortfolioDashboard:
    facts = await sources.facts(upstream, portfolio_id, query)
    if facts.value is None:
        assert facts.missing is not None
        return _without_projects(portfolio_id, query, facts.missing)
    return await _complete(upstream, facts.value, query)


async def _complete(
    upstream: Sources, facts: PortfolioDashboardFactsDTO, query: DashboardQuery
) -> PortfolioDashboard:
    ids = [p.project_id for p in facts.projects]
    reviews, scores, health = await sources.governance_and_health(upstream, ids, query.as_of)
    gates = compose.pending_gates(facts, reviews.value) if reviews.value is not None else None
    found = health.value
    return PortfolioDashboard(
        portfolio_id=facts.portfolio_id,
        portfolio_name=facts.portfolio_name,
        as_of=facts.as_of,
        generated_at=datetime.now(UTC),
        project_count=facts.project_count,
        projects_by_status=compose.by_status(facts),
        projects_by_phase=compose.by_phase(facts),
        projects_by_rag=compose.by_rag(facts, found) if found is not None else None,
        cost=compose.cost(facts, found),
        milestones_due=compose.milestones(facts),
        top_risks=compose.top_risks(facts),
        gates_pending=gates,
        compliance=compose.compliance(facts, scores.value) if scores.value is not None else None,
        worsened=compose.worsened(facts, found) if found is not None else None,
        projects=compose.project_rows(facts, found, scores.value, gates),
        missing=[o.missing for o in (reviews, scores, health) if o.missing is not None],
    )


def _without_projects(
    portfolio_id: uuid.UUID, query: DashboardQuery, missing: MissingPart
) -> PortfolioDashboard:
    """Every part stands on the projects' list (it says which projects the caller may
    read), so without it each is missing, and the first entry says why."""
    others = [MissingPart(part=p, reason=NEEDS_PROJECTS) for p in Part if p is not missing.part]
    return PortfolioDashboard(
        portfolio_id=portfolio_id,
        portfolio_name=None,
        as_of=query.as_of,
        generated_at=datetime.now(UTC),
        project_count=None,
        projects_by_status=None,
        projects_by_phase=None,
        projects_by_rag=None,
        cost=None,
        milestones_due=None,
        top_risks=None,
        gates_pending=None,
        compliance=None,
        worsened=None,
        projects=None,
        missing=[missing, *others],
    )
