"""Concurrent edits of one plan (committed, like real requests): no deadlock, no 500, and the
stored schedule matches the final plan."""

from __future__ import annotations

import asyncio
import secrets

import httpx


async def test_concurrent_edits_of_one_plan_all_apply(projects_app, admin_token: str) -> None:
    transport = httpx.ASGITransport(app=projects_app)
    headers = {"authorization": f"Bearer {admin_token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http:
        body = {"code": f"RS-{secrets.token_hex(4)}", "name": "Race", "start_date": "2025-01-06"}
        pid = (await http.post("/v1/projects", json=body)).json()["id"]
        tasks = []
        for name in "ABCD":
            response = await http.post(
                f"/v1/projects/{pid}/tasks", json={"name": name, "duration_days": "1"}
            )
            tasks.append(response.json())
        a, b, c, d = tasks
        requests = [
            http.patch(f"/v1/tasks/{t['id']}", json={"duration_days": "2"}) for t in (a, b, c)
        ] + [
            http.post(
                f"/v1/projects/{pid}/dependencies",
                json={"predecessor_id": p["id"], "successor_id": s["id"]},
            )
            for p, s in ((a, b), (b, c), (c, d))
        ]
        responses = await asyncio.gather(*requests)
        assert sorted(r.status_code for r in responses) == [200] * 3 + [201] * 3, [
            r.text for r in responses
        ]
        # A, B, C take two days each, one after the other: D starts on the seventh day.
        final = (await http.get(f"/v1/tasks/{d['id']}")).json()
        assert final["early_start"] == "2025-01-14T08:00:00"
        await http.delete(f"/v1/projects/{pid}")
