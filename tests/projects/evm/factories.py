"""Plans with baselines, progress and actual costs for the earned value tests.

Everything goes through the API except two rows the API cannot write yet on this branch:
actual cost entries and programs (helper ``costs`` builds their endpoints). Those are
written with SQLAlchemy on the test's own transaction (the session the app itself would
get); the integrator replaces these two helpers by the API calls.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from services.projects.models import ActualCost, Program, Project
from shared.db import get_session
from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project


async def _write(app: FastAPI, *rows: Any, statement: Any = None) -> None:
    session_of_the_test = app.dependency_overrides[get_session]
    async for session in session_of_the_test():
        session.add_all(rows)
        if statement is not None:
            await session.execute(statement)
        await session.flush()


async def add_actual_cost(
    app: FastAPI,
    project_id: str,
    amount: str,
    incurred_on: date,
    task_id: str | None = None,
) -> None:
    """An actual cost entry (replaced by create_actual_cost once the API exists)."""
    entry = ActualCost(
        project_id=uuid.UUID(project_id),
        task_id=uuid.UUID(task_id) if task_id else None,
        incurred_on=incurred_on,
        amount=Decimal(amount),
        currency="EUR",
        category="labour",
    )
    await _write(app, entry)


async def add_program(app: FastAPI, portfolio_id: str, *project_ids: str) -> str:
    """A program holding ``project_ids`` (replaced by create_program and a project update
    once the API exists)."""
    program = Program(id=uuid.uuid4(), portfolio_id=uuid.UUID(portfolio_id), name="Program")
    await _write(app, program)
    moved = (
        update(Project)
        .where(Project.id.in_([uuid.UUID(p) for p in project_ids]))
        .values(program_id=program.id)
    )
    await _write(app, statement=moved)
    return str(program.id)


async def post(client: httpx.AsyncClient, path: str, body: Any = None) -> dict[str, Any]:
    response = await client.post(path, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def patch(client: httpx.AsyncClient, path: str, body: Any) -> dict[str, Any]:
    response = await client.patch(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def reference_plan(client: httpx.AsyncClient, **project: Any) -> dict[str, Any]:
    """From Monday 6 January 2025 (Monday to Friday): a phase of A (10 days, 10,000) then
    B (10 days, 20,000), then a milestone M (1,000) at the end of B on Friday 31 January.
    Baseline 0 is set on that plan; then the status date moves to Friday 24 January with A
    done and B 20 % done."""
    pid = (await create_project(client, start_date="2025-01-06", currency="EUR", **project))["id"]
    phase = await add_task(client, pid, name="Phase")
    a = await add_task(
        client, pid, name="A", duration_days="10", cost="10000.00", parent_id=phase["id"]
    )
    b = await add_task(
        client, pid, name="B", duration_days="10", cost="20000.00", parent_id=phase["id"]
    )
    m = await add_task(client, pid, name="M", duration_days="0", cost="1000.00")
    await link(client, pid, a, b)
    await link(client, pid, b, m)
    await post(client, f"/v1/projects/{pid}/baselines/0", {"name": "Plan"})
    await patch(client, f"/v1/projects/{pid}/schedule-settings", {"status_date": "2025-01-24"})
    await patch(client, f"/v1/tasks/{a['id']}", {"percent_complete": "100"})
    await patch(client, f"/v1/tasks/{b['id']}", {"percent_complete": "20"})
    return {"id": pid, "phase": phase, "a": a, "b": b, "m": m}


async def reference_costs(app: FastAPI, plan: dict[str, Any]) -> None:
    """9,000 on A, 500 on the project as a whole, 6,000 on B, and 1,000 on B after the
    status date (not counted at it): AC 15,500 on 24 January."""
    pid = plan["id"]
    await add_actual_cost(app, pid, "9000.00", date(2025, 1, 10), plan["a"]["id"])
    await add_actual_cost(app, pid, "500.00", date(2025, 1, 15))
    await add_actual_cost(app, pid, "6000.00", date(2025, 1, 22), plan["b"]["id"])
    await add_actual_cost(app, pid, "1000.00", date(2025, 1, 27), plan["b"]["id"])
