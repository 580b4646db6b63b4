"""Factories of the levelling API tests."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import httpx


async def make_assignment(
    http: httpx.AsyncClient, task: dict[str, Any], resource: dict[str, Any], units: str = "1"
) -> dict[str, Any]:
    """A resource on a task at ``units``, through the assignments API."""
    response = await http.post(
        f"/v1/tasks/{task['id']}/assignments",
        json={"resource_id": str(resource["id"]), "units": units},
    )
    assert response.status_code == 201, response.text
    return response.json()


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
