"""The latest schedule risk forecast of each project (the projects service's Monte Carlo
analyses): a snapshot records its P80 finish and the probability of meeting the deadline.

The forecast is an extra: when the projects service does not answer it (down, failing, or
an older version without the endpoint), the snapshot is still taken, with no P80."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import httpx
import structlog

from shared.clients.projects import ProjectsClient
from shared.errors import ProblemError

log = structlog.get_logger("pmo.reporting.forecasts")


@dataclass(frozen=True, slots=True)
class Forecast:
    p80_finish: date | None
    deadline: date | None
    deadline_probability: Decimal | None


async def _read(
    projects: ProjectsClient, project_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Forecast]:
    found = await projects.latest_risk_forecasts(project_ids)
    return {f.project_id: Forecast(f.p80_finish, f.deadline, f.deadline_probability) for f in found}


async def latest_forecasts(
    projects: ProjectsClient, project_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Forecast]:
    """The forecast of each project that has a finished analysis ({} when unreadable)."""
    if not project_ids:
        return {}
    try:
        return await _read(projects, project_ids)
    except (ProblemError, httpx.HTTPError) as error:
        log.warning("risk_forecasts_unavailable", projects=len(project_ids), error=str(error))
        return {}
