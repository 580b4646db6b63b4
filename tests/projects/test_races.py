"""Races past the application's checks still end in a problem, never a 500."""

from __future__ import annotations

import asyncio
import secrets

import httpx


async def test_concurrent_duplicate_code_is_409(projects_app, admin_token: str) -> None:
    code = f"RACE-{secrets.token_hex(4)}"
    transport = httpx.ASGITransport(app=projects_app)
    headers = {"authorization": f"Bearer {admin_token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http:
        responses = await asyncio.gather(
            *(http.post("/v1/projects", json={"code": code, "name": "Race"}) for _ in range(4))
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201, 409, 409, 409], [r.text for r in responses]
        assert all(
            r.headers["content-type"] == "application/problem+json"
            for r in responses
            if r.status_code == 409
        )
        listed = await http.get("/v1/projects", params={"q": code})
        assert len(listed.json()["items"]) == 1


async def test_concurrent_updates_with_the_same_version_keep_one(projects_app, admin_token) -> None:
    transport = httpx.ASGITransport(app=projects_app)
    headers = {"authorization": f"Bearer {admin_token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http:
        created = await http.post(
            "/v1/projects", json={"code": f"U-{secrets.token_hex(4)}", "name": "v1"}
        )
        project_id = created.json()["id"]
        responses = await asyncio.gather(
            *(
                http.patch(
                    f"/v1/projects/{project_id}",
                    json={"name": f"n{i}"},
                    headers={"if-match": '"1"'},
                )
                for i in range(4)
            )
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 412, 412, 412]
        final = (await http.get(f"/v1/projects/{project_id}")).json()
        winner = next(r for r in responses if r.status_code == 200).json()
        assert final["name"] == winner["name"] and final["version"] == 2
