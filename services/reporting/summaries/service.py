"""Portfolio summary: composed from the projects service, which does the aggregation in SQL
next to its rows (DESIGN §2); reporting only adds presentation and, later, snapshots."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from services.reporting.summaries.schemas import BudgetTotal, PortfolioSummary
from shared.clients.projects import ProjectsClient


async def portfolio_summary(projects: ProjectsClient, portfolio_id: uuid.UUID) -> PortfolioSummary:
    # Two independent reads: issue them together so latency is one round trip, not two.
    portfolio, rollup = await asyncio.gather(
        projects.get_portfolio(portfolio_id), projects.portfolio_rollup(portfolio_id)
    )
    return PortfolioSummary(
        portfolio_id=portfolio_id,
        portfolio_name=portfolio.name,
        project_count=rollup.project_count,
        projects_by_status=rollup.projects_by_status,
        budget_totals=[BudgetTotal.model_validate(b.model_dump()) for b in rollup.budget_totals],
        task_count=rollup.task_count,
        tasks_completed=rollup.tasks_completed,
        task_percent_complete=rollup.task_percent_complete,
        generated_at=datetime.now(UTC),
    )
