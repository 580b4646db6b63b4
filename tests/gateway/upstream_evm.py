"""The projects client's earned value calls, for test_upstream_answers: a program holding
the project and an actual cost entry are written first, then every read is made.

The program and the cost are written with SQLAlchemy: their endpoints come with helper
``costs`` (create_program, create_actual_cost); the integrator replaces these two writes by
those calls."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import FastAPI
from sqlalchemy import update

from services.projects.models import ActualCost, Program, Project
from shared.clients.projects import ProjectsClient


async def write_actual_cost(
    app: FastAPI,
    project_id: uuid.UUID,
    amount: str,
    incurred_on: date,
    task_id: uuid.UUID | None = None,
) -> None:
    """An actual cost entry (the integrator replaces this by create_actual_cost)."""
    cost = ActualCost(
        project_id=project_id,
        task_id=task_id,
        incurred_on=incurred_on,
        amount=Decimal(amount),
        currency="EUR",
    )
    async with app.state.sessionmaker() as session:
        session.add(cost)
        await session.commit()


async def _program_and_cost(app: FastAPI, portfolio_id: uuid.UUID, project_id: uuid.UUID) -> Any:
    program = Program(id=uuid.uuid4(), portfolio_id=portfolio_id, name=f"EVM {uuid.uuid4()}")
    async with app.state.sessionmaker() as session:
        session.add(program)
        await session.flush()
        await session.execute(
            update(Project).where(Project.id == project_id).values(program_id=program.id)
        )
        await session.commit()
    await write_actual_cost(app, project_id, "80.00", date(2025, 1, 7))
    return program.id


async def exercise_earned_value(
    projects: ProjectsClient, projects_app: FastAPI, ids: dict[str, Any]
) -> None:
    portfolio, project = ids["portfolio"], ids["project"]
    program = await _program_and_cost(projects_app, portfolio, project)
    await projects.project_evm(project, include=("tasks", "curve"))
    await projects.project_evm(project, status_date=date(2025, 1, 10))
    await projects.program_evm(program)
    await projects.portfolio_evm(portfolio, status_date=date(2025, 1, 10))
    await projects.metrics_of_projects([project])
