"""Factories of the levelling API tests."""

from __future__ import annotations

import asyncio
import secrets
from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI

from services.projects.models import Assignment


async def make_assignment(
    app: FastAPI, task: dict[str, Any], resource: dict[str, Any], units: str = "1"
) -> None:
    """An assignment row, written with the ORM (the assignments API comes with another
    part of issue 11; switch this one factory to it then)."""
    async with app.state.sessionmaker() as session, session.begin():
        session.add(
            Assignment(
                task_id=task["id"],
                resource_id=resource["id"],
                project_id=task["project_id"],
                units=Decimal(units),
            )
        )


async def person(http: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"kind": "person", "name": f"Person {secrets.token_hex(3)}", **fields}
    response = await http.post("/v1/resources", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def wait_for_job(http: httpx.AsyncClient, location: str, seconds: float = 60) -> dict:
    """Poll the job until it ends."""
    for _ in range(int(seconds * 10)):
        answer = await http.get(location)
        assert answer.status_code == 200, answer.text
        job = answer.json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {location} still {job['state']} after {seconds} s")


async def level(http: httpx.AsyncClient, path: str, **body: Any) -> dict:
    """Request a preview and wait for its job."""
    response = await http.post(path, json=body)
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/v1/jobs/{response.json()['id']}"
    return await wait_for_job(http, response.headers["location"])
