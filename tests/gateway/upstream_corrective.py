"""The corrective-options client's calls, for test_upstream_answers (kept apart: that file is
shared)."""

from __future__ import annotations

import asyncio
import secrets
from datetime import date
from decimal import Decimal

from shared.clients.projects import ProjectsClient
from shared.clients.projects.corrective import CorrectivePolicyWrite, Ranking
from shared.clients.projects.levelling import JobState
from shared.clients.projects.planning import DependencyCreate
from shared.clients.projects.portfolios import PortfolioCreate
from shared.clients.projects.projects import ProjectCreate
from shared.clients.projects.tasks import TaskCreate


async def exercise_corrective(projects: ProjectsClient) -> None:
    """A portfolio's corrective policy read (the defaults) and set; options of a two-task
    chain in it queued, polled, listed, and the first applied."""
    portfolio = await projects.create_portfolio(PortfolioCreate(name="Corrective policy"))
    default = await projects.corrective_policy(portfolio.id)
    assert default.is_default and default.version == 0
    policy = CorrectivePolicyWrite(max_fast_track_overlap_percent=40, ranking=Ranking.days_gained)
    await projects.set_corrective_policy(portfolio.id, policy, expected_version=0)
    project = await projects.create_project(
        ProjectCreate(
            code=f"COR-{secrets.token_hex(3)}",
            name="Options",
            start_date=date(2027, 1, 4),
            portfolio_id=portfolio.id,
        )
    )
    first = await projects.add_task(project.id, TaskCreate(name="A", duration_days=Decimal(4)))
    then = await projects.add_task(project.id, TaskCreate(name="B", duration_days=Decimal(4)))
    await projects.add_dependency(
        project.id, DependencyCreate(predecessor_id=first.id, successor_id=then.id)
    )
    job = await projects.request_corrective_options(project.id)
    for _ in range(600):
        job = await projects.get_job(job.id)
        if job.state not in (JobState.queued, JobState.running):
            break
        await asyncio.sleep(0.1)
    assert job.state == JobState.succeeded, job
    listed = await projects.corrective_options(project.id)
    assert listed.job_id == job.id and listed.items
    change = await projects.apply_corrective_option(listed.items[0].id)
    assert change.plan_changes == listed.items[0].plan_changes
