"""The demo's corrective-action material (issue 12): the CRM upgrade keeps a 5-day buffer
before testing (an optional lag) and may reuse the current system's requirements (its
Requirements phase is optional scope), so its corrective options include removing the lag
and cutting that phase beside fast-tracking. The options are queued once marked; the worker
computes them while the rest of the demo loads.

PATCHes of the same values and a keyed POST: a repeated seed changes nothing."""

from __future__ import annotations

from typing import Any

from shared.http import ServiceClient

PROJECT = "CRM-UPG"
OPTIONAL_TASK = "Requirements"
BUFFERED_LINK = ("Build", "Test")
BUFFER_DAYS = "5"


async def seed_corrective(projects: ServiceClient, seeded: list[dict[str, Any]]) -> dict[str, Any]:
    """Mark the CRM upgrade's optional lag and task; answer the options' queued job."""
    [project] = [p for p in seeded if p["code"] == PROJECT]
    tasks = await projects.get_json(
        f"/v1/projects/{project['id']}/tasks", {"fields": "name", "limit": 500}
    )
    by_name = {task["name"]: task["id"] for task in tasks["items"]}
    links = await projects.get_json(f"/v1/projects/{project['id']}/dependencies", {"limit": 500})
    before, after = (by_name[name] for name in BUFFERED_LINK)
    [link] = [
        d for d in links["items"] if (d["predecessor_id"], d["successor_id"]) == (before, after)
    ]
    await projects.send_json(
        "PATCH",
        f"/v1/dependencies/{link['id']}",
        {"lag_days": BUFFER_DAYS, "lag_optional": True},
    )
    await projects.send_json("PATCH", f"/v1/tasks/{by_name[OPTIONAL_TASK]}", {"optional": True})
    job: dict[str, Any] = await projects.send_json(
        "POST",
        f"/v1/projects/{project['id']}/corrective-options",
        None,
        idempotency_key=f"demo-corrective-{project['id']}",
    )
    return job
