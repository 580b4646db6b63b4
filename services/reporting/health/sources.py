"""What health is computed from, read from the other services in one round trip: the
projects service's metrics (EVM, float, milestones, risks, last status update; batches of
100) and the governance service's latest compliance score of each project."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.reporting.health.evaluate import HealthFacts
from shared.clients.governance import GovernanceClient
from shared.clients.projects import ProjectsClient
from shared.clients.projects.evm import ProjectMetricsDTO

SCORE_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class HealthSources:
    """The upstream clients (they forward the caller's token, or carry the service's own
    identity in the scheduler)."""

    projects: ProjectsClient
    governance: GovernanceClient


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    metrics: ProjectMetricsDTO
    compliance_score: Decimal | None

    def facts(self) -> HealthFacts:
        evm = self.metrics.evm
        return HealthFacts(
            spi=evm.spi,
            spi_t=evm.spi_t,
            cpi=evm.cpi,
            float_consumed_days=self.metrics.finish_variance_days,
            overdue_milestones=self.metrics.overdue_milestones,
            open_risk_scores=self.metrics.open_risk_scores,
            compliance_score=self.compliance_score,
            last_status_update_on=self.metrics.last_status_update_on,
        )


def _score(value: float | None) -> Decimal | None:
    # Governance answers the score as a JSON number with two decimals.
    return Decimal(str(value)).quantize(SCORE_PLACES) if value is not None else None


async def read_figures(
    sources: HealthSources, project_ids: list[uuid.UUID], status_date: date | None
) -> list[ProjectFigures]:
    """The figures of the projects the caller may read, in the order asked (the others
    are left out, as unknown ones)."""
    if not project_ids:
        return []
    metrics, evaluations = await asyncio.gather(
        sources.projects.metrics_of_projects(project_ids, status_date=status_date),
        sources.governance.latest_evaluations(project_ids),
    )
    scores = {e.project_id: _score(e.score) for e in evaluations}
    by_id = {m.project_id: m for m in metrics}
    return [ProjectFigures(by_id[i], scores.get(i)) for i in project_ids if i in by_id]
