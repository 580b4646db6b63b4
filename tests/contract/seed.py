"""Real rows for the fuzzer to aim at, created through each service's API (as a client
would): a path parameter that names an existing row reaches the code behind the 404."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

Ids = dict[str, list[str]]


class Seeder:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.http.post(path, json=body)
        assert response.status_code in (200, 201), (path, response.text)
        return response.json()


async def seed_projects(http: httpx.AsyncClient) -> Ids:
    """A portfolio with a scheduled project: tasks under a summary, a link, a calendar, a
    baseline, one entry of each RAID kind, a change request, a status update, a member."""
    s = Seeder(http)
    portfolio = await s.post("/v1/portfolios", {"name": "Fuzzed portfolio"})
    project = await s.post(
        "/v1/projects",
        {
            "code": f"FZ-{secrets.token_hex(3)}",
            "name": "Fuzzed project",
            "portfolio_id": portfolio["id"],
            "budget": "1000.00",
            "currency": "EUR",
        },
    )
    in_project = f"/v1/projects/{project['id']}"
    phase = await s.post(f"{in_project}/tasks", {"name": "Phase"})
    design = await s.post(
        f"{in_project}/tasks", {"name": "Design", "parent_id": phase["id"], "duration_days": "3"}
    )
    build = await s.post(
        f"{in_project}/tasks",
        {"name": "Build", "parent_id": phase["id"], "duration_days": "5", "cost": "250.00"},
    )
    link = await s.post(
        f"{in_project}/dependencies", {"predecessor_id": design["id"], "successor_id": build["id"]}
    )
    calendar = await s.post(f"{in_project}/calendars", {"name": "Office"})
    await s.post(f"{in_project}/baselines/0")
    return {
        "portfolio_id": [portfolio["id"]],
        "project_id": [project["id"]],
        "task_id": [phase["id"], design["id"], build["id"]],
        "dependency_id": [link["id"]],
        "calendar_id": [calendar["id"]],
        "entry_id": await _raid(s, in_project),
        **await _records(s, in_project),
    }


async def _raid(s: Seeder, in_project: str) -> list[str]:
    entries = [
        await s.post(
            f"{in_project}/risks", {"title": "Supplier late", "probability": 3, "impact": 4}
        ),
        await s.post(f"{in_project}/issues", {"title": "Test rig broken"}),
        await s.post(f"{in_project}/assumptions", {"title": "Staff available"}),
        await s.post(f"{in_project}/decisions", {"title": "Vendor", "decision": "Buy"}),
    ]
    return [entry["id"] for entry in entries]


async def _records(s: Seeder, in_project: str) -> Ids:
    change = await s.post(f"{in_project}/change-requests", {"title": "Add a test phase"})
    update = await s.post(
        f"{in_project}/status-updates",
        {
            "as_of": "2025-01-10",
            "overall_rag": "green",
            "schedule_rag": "amber",
            "cost_rag": "green",
            "scope_rag": "green",
            "risk_rag": "red",
        },
    )
    member = await s.post(f"{in_project}/members", {"user_id": "fuzz-member", "role": "member"})
    audit = (await s.http.get("/v1/audit-records", params={"limit": 3})).json()["items"]
    return {
        "change_request_id": [change["id"]],
        "status_update_id": [update["id"]],
        "member_id": [member["id"]],
        "record_id": [record["id"] for record in audit],
    }


async def seed_governance(http: httpx.AsyncClient) -> Ids:
    """A published standard and a draft revision of it; a published template and a draft
    revision of it."""
    s = Seeder(http)
    standard = await s.post(
        "/v1/standards", {"key": f"fz-{secrets.token_hex(3)}", "title": "Fuzzed", "body": "Rules"}
    )
    published = await s.http.post(f"/v1/standards/{standard['id']}/publish")
    assert published.status_code == 200, published.text
    draft = await s.post(f"/v1/standards/{standard['id']}/revisions")
    templates = await _templates(s)
    audit = (await s.http.get("/v1/audit-records", params={"limit": 3})).json()["items"]
    return {
        "standard_id": [standard["id"], draft["id"]],
        "template_id": templates,
        "record_id": [record["id"] for record in audit],
    }


async def _templates(s: Seeder) -> list[str]:
    template = await s.post(
        "/v1/templates",
        {
            "key": f"fz-{secrets.token_hex(3)}",
            "name": "Fuzzed blueprint",
            "tasks": [
                {"key": "a", "name": "A", "duration_days": "2"},
                {"key": "b", "name": "B", "duration_days": "3"},
            ],
            "dependencies": [{"predecessor_key": "a", "successor_key": "b"}],
            "raid": {"risks": [{"title": "Late", "probability": 2, "impact": 3}]},
            "deliverables": [{"key": "charter", "name": "Charter"}],
        },
    )
    await s.post(f"/v1/templates/{template['id']}/publish")
    draft = await s.post(f"/v1/templates/{template['id']}/revisions")
    return [template["id"], draft["id"]]
