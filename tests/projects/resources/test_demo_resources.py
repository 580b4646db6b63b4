"""The demo's resource pool, loaded through the API as ``pmo seed`` loads it: loaded twice,
it is there once."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from pmo.seed_resources import DEMO_RATES, DEMO_RESOURCES, HR_SOURCE, seed_resources
from shared.http import ServiceClient
from tests.projects.factories import auth


async def test_demo_pool_is_loaded_once(projects_app: FastAPI, admin_token: str) -> None:
    transport = httpx.ASGITransport(app=projects_app)
    async with ServiceClient("http://projects", transport=transport, token=admin_token) as http:
        await seed_resources(http, "EUR")
        await seed_resources(http, "EUR")
    async with httpx.AsyncClient(
        transport=transport, base_url="http://projects", headers=auth(admin_token)
    ) as client:
        listed = await client.get("/v1/resources", params={"limit": 200})
        pool = {
            r["external_id"]: r for r in listed.json()["items"] if r["external_source"] == HR_SOURCE
        }
        assert sorted(pool) == sorted(p[0] for p in DEMO_RESOURCES)
        assert sorted(r["kind"] for r in pool.values()).count("role") == 2
        assert all(r["version"] == 1 for r in pool.values())
        for external_id, rates in DEMO_RATES.items():
            stored = await client.get(f"/v1/resources/{pool[external_id]['id']}/rates")
            assert len(stored.json()["items"]) == len(rates), external_id
        bruno = pool["E-1002"]["id"]
        rate = await client.get(f"/v1/resources/{bruno}/rate", params={"at": "2026-10-12"})
        assert rate.json()["rate_per_hour"] == "90.00"
        off = (await client.get(f"/v1/resources/{bruno}/time-off")).json()["items"]
        assert [(p["from_date"], p["to_date"]) for p in off] == [("2026-10-19", "2026-10-23")]
