"""The demo's corrective material, loaded as ``pmo seed`` loads it: the CRM upgrade's buffer
before testing is an optional lag and its Requirements phase optional scope, so its options
remove the lag and cut the phase; loaded twice, nothing changes twice."""

from __future__ import annotations

import secrets

import httpx
from fastapi import FastAPI

from pmo.seed import DEMO_START, _seed_plan
from pmo.seed_corrective import BUFFER_DAYS, PROJECT, seed_corrective
from shared.http import ServiceClient
from tests.projects.corrective.factories import of_kind
from tests.projects.levelling_api.factories import wait_for_job


async def test_the_demo_offers_removing_the_buffer_and_cutting_requirements(
    http: httpx.AsyncClient, projects_app: FastAPI, admin_token: str
) -> None:
    made = await http.post(
        "/v1/projects",
        json={
            "code": f"{PROJECT}-{secrets.token_hex(3)}",
            "name": PROJECT,
            "currency": "EUR",
            "start_date": DEMO_START.isoformat(),
        },
    )
    assert made.status_code == 201, made.text
    project = made.json()
    transport = httpx.ASGITransport(app=projects_app)
    async with ServiceClient("http://projects", transport=transport, token=admin_token) as client:
        await _seed_plan(client, project["id"], project["code"], "100000.00")
        seeded = [{"code": PROJECT, "id": project["id"]}]
        first = await seed_corrective(client, seeded)
        again = await seed_corrective(client, seeded)
    assert again["id"] == first["id"]  # the same job: queued once
    job = await wait_for_job(http, f"/v1/jobs/{first['id']}")
    assert job["state"] == "succeeded", job
    options = (await http.get(f"/v1/projects/{project['id']}/corrective-options")).json()
    [lag] = of_kind(options, "remove_lag")
    assert lag["finish_gain_days"] == f"{BUFFER_DAYS}.00"
    [cut] = of_kind(options, "cut_scope")
    assert cut["title"] == "Cut the optional task 'Requirements'"
    assert cut["finish_gain_days"] == "15.00"
