"""The demo's archived project: deleted, so hidden from every list, yet restorable. Admins
and PMO staff see it with ``GET /v1/projects?archived=true`` (and by id, with
``archived_at``); ``POST /v1/projects/{id}/restore`` brings it back."""

from __future__ import annotations

from typing import Any

from shared.http import ServiceClient

ARCHIVED_CODE = "FAX-RETIRE"


async def seed_archived_project(projects: ServiceClient, portfolio_id: str) -> dict[str, Any]:
    project = await projects.send_json(
        "POST",
        "/v1/projects",
        {
            "code": ARCHIVED_CODE,
            "name": "Fax server retirement (cancelled idea, archived)",
            "portfolio_id": portfolio_id,
            "tags": ["infrastructure"],
        },
        idempotency_key="demo-archived-project",
    )
    await projects.send_json(
        "POST",
        f"/v1/projects/{project['id']}/tasks",
        {"name": "Move the last fax lines", "duration_days": "5"},
        idempotency_key="demo-archived-task",
    )
    current = await projects.get_json(f"/v1/projects/{project['id']}")
    if current.get("archived_at") is None:
        await projects.request("DELETE", f"/v1/projects/{project['id']}")
    return project


def describe_archived(project: dict[str, Any]) -> str:
    return (
        f"Archived project {ARCHIVED_CODE} (deleted, restorable): hidden from every list; "
        "admins and PMO see it with GET /v1/projects?archived=true and bring it back with "
        f"POST /v1/projects/{project['id']}/restore"
    )
