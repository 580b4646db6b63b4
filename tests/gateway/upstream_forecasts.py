"""The risk analysis client's calls, for test_upstream_answers (kept apart: that file is
shared)."""

from __future__ import annotations

import asyncio
from typing import Any

from shared.clients.projects import ProjectsClient
from shared.clients.projects.forecasts import RiskAnalysisRequest
from shared.clients.projects.levelling import JobState


async def exercise_forecasts(projects: ProjectsClient, ids: dict[str, Any]) -> None:
    """An analysis of the seeded project queued, polled, read; the project's list and the
    latest forecasts of it and of an unknown project."""
    body = RiskAnalysisRequest(iterations=500, seed=3)
    analysis = await projects.request_risk_analysis(ids["project"], body)
    for _ in range(600):
        analysis = await projects.risk_analysis(analysis.id)
        if analysis.state not in (JobState.queued, JobState.running):
            break
        await asyncio.sleep(0.1)
    assert analysis.state == JobState.succeeded and analysis.result is not None, analysis
    listed = await projects.list_risk_analyses(ids["project"], limit=5)
    assert listed.items[0].id == analysis.id
    (latest,) = await projects.latest_risk_forecasts([ids["project"]])
    assert latest.analysis_id == analysis.id
