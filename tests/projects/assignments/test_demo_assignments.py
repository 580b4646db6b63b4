"""The demo's staffing, loaded through the API as ``pmo seed`` loads it: Bruno is full time
on two Build phases that run over the same weeks (over-allocated), and loaded twice
nothing is assigned twice."""

from __future__ import annotations

import secrets

import httpx
from fastapi import FastAPI

from pmo.seed import DEMO_START, _seed_plan
from pmo.seed_assignments import DEMO_ASSIGNMENTS, seed_assignments
from pmo.seed_resources import seed_resources
from shared.http import ServiceClient


async def test_demo_staffing_over_allocates_bruno(
    client: httpx.AsyncClient, projects_app: FastAPI, admin_token: str
) -> None:
    transport = httpx.ASGITransport(app=projects_app)  # inside the test's transaction
    async with ServiceClient("http://projects", transport=transport, token=admin_token) as http:
        await seed_resources(http, "EUR")
        seeded = []
        for code in DEMO_ASSIGNMENTS:
            made = await client.post(
                "/v1/projects",
                json={
                    "code": f"{code}-{secrets.token_hex(3)}",
                    "name": code,
                    "currency": "EUR",
                    "start_date": DEMO_START.isoformat(),
                },
            )
            assert made.status_code == 201, made.text
            await _seed_plan(http, made.json()["id"], made.json()["code"], "100000.00")
            seeded.append({"code": code, "id": made.json()["id"]})
        await seed_assignments(http, seeded)
        await seed_assignments(http, seeded)

    for project, (code, wanted) in zip(seeded, DEMO_ASSIGNMENTS.items(), strict=True):
        page = await client.get(f"/v1/projects/{project['id']}/assignments")
        assert len(page.json()["items"]) == len(wanted), code
    pool = (await client.get("/v1/resources", params={"q": "Bruno Keller"})).json()["items"]
    bruno = next(r for r in pool if r["external_id"] == "E-1002")
    mine = (await client.get(f"/v1/resources/{bruno['id']}/assignments")).json()["items"]
    mine = [a for a in mine if a["project_id"] in {p["id"] for p in seeded}]
    assert [a["units"] for a in mine] == ["1.00", "1.00"]
    builds = [(await client.get(f"/v1/tasks/{a['task_id']}")).json() for a in mine]
    assert {t["name"] for t in builds} == {"Build"}
    first, second = builds
    assert first["early_start"] <= second["early_finish"]
    assert second["early_start"] <= first["early_finish"]  # the same weeks: 200 %
