"""Plans for the capacity tests: everything through the API (the scheduler computes the
tasks' dates) but the assignments, which :func:`make_assignment` writes."""

from __future__ import annotations

import contextlib
import secrets
import uuid
from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI

from services.projects.models import Assignment
from shared.db import get_session


async def make_assignment(
    app: FastAPI, task: dict[str, Any], resource: dict[str, Any], units: str
) -> None:
    """A resource on a task at ``units``, written with the ORM: the assignments API is built
    beside this work; this is the one place to switch to its ``POST`` once it exists. In a
    rolled-back test (``transactional_client``) the row goes into the test's transaction
    through the session the app's requests use; otherwise (the gateway's tests, whose
    services commit) it is committed."""
    row = Assignment(
        task_id=uuid.UUID(str(task["id"])),
        resource_id=uuid.UUID(str(resource["id"])),
        project_id=uuid.UUID(str(task["project_id"])),
        units=Decimal(units),
    )
    override = app.dependency_overrides.get(get_session)
    if override is None:
        async with app.state.sessionmaker() as session:
            session.add(row)
            await session.commit()
        return
    sessions = override()
    session = await anext(sessions)
    session.add(row)
    with contextlib.suppress(StopAsyncIteration):
        await anext(sessions)  # commits (releases the savepoint)


async def create_resource(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"kind": "person", "name": f"Person {secrets.token_hex(3)}", **fields}
    response = await client.post("/v1/resources", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def add_time_off(
    client: httpx.AsyncClient, resource: dict[str, Any], first: str, last: str
) -> None:
    response = await client.post(
        f"/v1/resources/{resource['id']}/time-off", json={"from_date": first, "to_date": last}
    )
    assert response.status_code == 201, response.text


async def create_calendar(client: httpx.AsyncClient, project_id: str, **fields: Any) -> dict:
    body = {"name": f"Calendar {secrets.token_hex(3)}", **fields}
    response = await client.post(f"/v1/projects/{project_id}/calendars", json=body)
    assert response.status_code == 201, response.text
    return response.json()
