"""The projects client's earned value calls, for test_upstream_answers: every read is made
on the plan ``_write_a_plan`` wrote through the client (its program holds the project, and
its actual cost entry gives the project an AC)."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.clients.projects import ProjectsClient


async def exercise_earned_value(projects: ProjectsClient, ids: dict[str, Any]) -> None:
    portfolio, program, project = ids["portfolio"], ids["program"], ids["project"]
    await projects.project_evm(project, include=("tasks", "curve"))
    await projects.project_evm(project, status_date=date(2025, 1, 10))
    await projects.program_evm(program)
    await projects.portfolio_evm(portfolio, status_date=date(2025, 1, 10))
    await projects.metrics_of_projects([project])
