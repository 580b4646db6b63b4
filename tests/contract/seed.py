"""Real rows for the fuzzer to aim at, created through each service's API (as a client
would): a path parameter that names an existing row reaches the code behind the 404."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from starlette.types import ASGIApp

Ids = dict[str, list[str]]


class Seeder:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.http.post(path, json=body)
        assert response.status_code in (200, 201), (path, response.text)
        return response.json()


async def seed_projects(http: httpx.AsyncClient) -> Ids:
    """A portfolio with a scheduled project in a program (and an empty program): tasks
    under a summary, a link, a calendar, a baseline, an actual cost, one entry of each RAID
    kind, a change request, a status update, a member."""
    s = Seeder(http)
    portfolio = await s.post("/v1/portfolios", {"name": "Fuzzed portfolio"})
    # Two programs: one with the project (its delete is the 409), one empty.
    programs = [
        await s.post("/v1/programs", {"portfolio_id": portfolio["id"], "name": name})
        for name in ("Fuzzed program", "Empty program")
    ]
    project = await s.post(
        "/v1/projects",
        {
            "code": f"FZ-{secrets.token_hex(3)}",
            "name": "Fuzzed project",
            "portfolio_id": portfolio["id"],
            "program_id": programs[0]["id"],
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
    cost = await s.post(
        f"{in_project}/actual-costs",
        {
            "incurred_on": "2025-01-08",
            "amount": "120.00",
            "currency": "EUR",
            "task_id": build["id"],
        },
    )
    return {
        "portfolio_id": [portfolio["id"]],
        "program_id": [program["id"] for program in programs],
        "cost_id": [cost["id"]],
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


async def seed_governance(
    http: httpx.AsyncClient, projects: Ids | None = None, projects_app: ASGIApp | None = None
) -> Ids:
    """A published standard holding a rule and a draft revision of it (with a copy of the
    rule); a lesson learned; with ``projects`` (seeded in the projects service), an
    evaluation of one of them; with ``projects_app``, projects following a published
    lifecycle, with a deliverable and an open gate review; a published template and a draft
    revision of it."""
    s = Seeder(http)
    standard = await s.post(
        "/v1/standards", {"key": f"fz-{secrets.token_hex(3)}", "title": "Fuzzed", "body": "Rules"}
    )
    rule = await s.post(
        f"/v1/standards/{standard['id']}/rules",
        {"kind": "required_field", "params": {"field": "sponsor"}, "title": "Sponsor named"},
    )
    published = await s.http.post(f"/v1/standards/{standard['id']}/publish")
    assert published.status_code == 200, published.text
    draft = await s.post(f"/v1/standards/{standard['id']}/revisions")
    copy = (await s.http.get(f"/v1/standards/{draft['id']}/rules")).json()["items"][0]
    ids: Ids = {"standard_id": [standard["id"], draft["id"]], "rule_id": [rule["id"], copy["id"]]}
    if projects:
        [evaluation] = (await s.post("/v1/evaluations", {"project_id": projects["project_id"][0]}))[
            "items"
        ]
        ids |= {
            "project_id": projects["project_id"],
            "portfolio_id": projects["portfolio_id"],
            "evaluation_id": [evaluation["id"]],
        }
    lesson = await s.post(
        "/v1/lessons",
        {
            "title": "Fuzzed schedule lesson",
            "recommendation": "Baseline the schedule before execution.",
            "category": "schedule",
            "tags": ["fuzz"],
            "phase": "Planning",
        },
    )
    ids["lesson_id"] = [lesson["id"]]
    ids["template_id"] = await _templates(s)
    audit = (await s.http.get("/v1/audit-records", params={"limit": 3})).json()["items"]
    gated = await _gated_project(s, projects_app) if projects_app is not None else {}
    # Both seeds name projects: the fuzzer aims at all of them.
    project_ids = ids.get("project_id", []) + gated.pop("project_id", [])
    return (
        ids
        | gated
        | {"project_id": project_ids}
        | {"record_id": [record["id"] for record in audit]}
    )


def seed_reporting(*projects: Ids) -> Callable[[httpx.AsyncClient], Awaitable[Ids]]:
    """Reporting's rows over the projects seeded in the projects service, one set of them
    per call (``seeded`` seeds its keep set first, then the doomed one): the project and its
    portfolio, the portfolio's health policy, an override of the project's health, today's
    snapshot of it, an open and a closed corrective action, and an expiry an override may
    have (a value the generator hardly ever hits: in the future, at most 90 days ahead)."""
    sets = iter(projects)

    async def seed(http: httpx.AsyncClient) -> Ids:
        return await _reporting_rows(Seeder(http), next(sets))

    return seed


async def _reporting_rows(s: Seeder, projects: Ids) -> Ids:
    project_id, portfolio_id = projects["project_id"][0], projects["portfolio_id"][0]
    policy = {"thresholds": {"spi": {"amber": "0.9", "red": "0.8"}}, "note": "Fuzzed policy"}
    answer = await s.http.put(f"/v1/portfolios/{portfolio_id}/health-policy", json=policy)
    assert answer.status_code in (200, 201), answer.text
    expires_at = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    override = await s.post(
        f"/v1/projects/{project_id}/health-overrides",
        {"rag": "green", "justification": "Fuzzed override", "expires_at": expires_at},
    )
    await s.post("/v1/snapshots", {"project_ids": [project_id]})
    action = await s.post(
        "/v1/corrective-actions", {"project_id": project_id, "title": "Fuzzed action"}
    )
    closed = await s.post(
        "/v1/corrective-actions", {"project_id": project_id, "title": "Fuzzed closed action"}
    )
    answer = await s.http.patch(f"/v1/corrective-actions/{closed['id']}", json={"status": "done"})
    assert answer.status_code == 200, answer.text
    audit = (await s.http.get("/v1/audit-records", params={"limit": 3})).json()["items"]
    return {
        "project_id": [project_id],
        "portfolio_id": [portfolio_id],
        "override_id": [override["id"]],
        "action_id": [action["id"], closed["id"]],
        "record_id": [record["id"] for record in audit],
        "expires_at": [expires_at],
    }


def _lifecycle(key: str, approver: str) -> dict[str, Any]:
    return {
        "key": key,
        "name": "Fuzzed lifecycle",
        "phases": [
            {"key": "idea", "name": "Idea"},
            {"key": "approved", "name": "Approved", "project_status": "approved"},
        ],
        "gates": [
            {
                "from_phase": "idea",
                "to_phase": "approved",
                "checklist": [{"key": "case", "text": "Business case"}],
                "approver_roles": [approver],
            }
        ],
    }


async def _gated_project(s: Seeder, projects: ASGIApp) -> Ids:
    """Two projects with an open gate review each: the fuzzer (an admin) may decide the
    first (and close it), not the second, which stays open for the other operations."""
    first = await _project_in_review(s, projects, "admin")
    second = await _project_in_review(s, projects, "pmo")
    return {name: first[name] + second[name] for name in first} | {"item_key": ["case"]}


async def _project_in_review(s: Seeder, projects: ASGIApp, approver: str) -> Ids:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=projects),
        base_url="http://projects",
        headers={"authorization": s.http.headers["authorization"]},
    ) as http:
        project = await Seeder(http).post(
            "/v1/projects", {"code": f"FG-{secrets.token_hex(3)}", "name": "Gated"}
        )
    lifecycle = await s.post("/v1/lifecycles", _lifecycle(f"fz-{secrets.token_hex(3)}", approver))
    await s.post(f"/v1/lifecycles/{lifecycle['id']}/publish")
    draft = await s.post(f"/v1/lifecycles/{lifecycle['id']}/revisions")
    assigned = await s.http.put(
        f"/v1/projects/{project['id']}/lifecycle", json={"lifecycle_id": lifecycle["id"]}
    )
    assert assigned.status_code == 200, assigned.text
    deliverable = await s.post(
        f"/v1/projects/{project['id']}/deliverables", {"key": "charter", "name": "Charter"}
    )
    review = await s.post("/v1/gate-reviews", {"project_id": project["id"], "to_phase": "approved"})
    return {
        "project_id": [project["id"]],
        "lifecycle_id": [lifecycle["id"], draft["id"]],
        "deliverable_id": [deliverable["id"]],
        "review_id": [review["id"]],
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
