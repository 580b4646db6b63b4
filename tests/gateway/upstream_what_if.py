"""The what-if client's calls, for test_upstream_answers (kept apart: that file is shared)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from shared.clients.projects import ProjectsClient
from shared.clients.projects.levelling import JobState
from shared.clients.projects.resources import ResourceCreate, ResourceKind
from shared.clients.projects.what_if import TimeOffChange, WhatIfRequest


async def exercise_what_if(projects: ProjectsClient, ids: dict[str, Any]) -> None:
    """Both what-ifs queued (the portfolio one left to run), the project's polled and read."""
    person = await projects.create_resource(ResourceCreate(kind=ResourceKind.person, name="Wif"))
    away = TimeOffChange(
        resource_id=person.id, from_date=date(2027, 1, 4), to_date=date(2027, 1, 5)
    )
    body = WhatIfRequest(time_off=[away], level=False)
    await projects.request_portfolio_what_if(ids["portfolio"], body)
    job = await projects.request_project_what_if(ids["project"], body)
    for _ in range(600):
        job = await projects.get_job(job.id)
        if job.state not in (JobState.queued, JobState.running):
            break
        await asyncio.sleep(0.1)
    assert job.state == JobState.succeeded, job
    result = await projects.what_if_result(job.id)
    assert result.job_id == job.id and result.levelled is False
