"""A project created with its whole plan in one request: keys resolved, scheduled, all or
nothing, idempotent."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI

from shared.clients.projects import ProjectsClient
from shared.clients.projects.plans import PlanLink, PlanTask, ProjectPlanCreate
from tests.projects.factories import auth

PROBLEM = "application/problem+json"


def _plan(**fields: Any) -> dict[str, Any]:
    """Design under a Build phase listed before it, Test after, a gate milestone."""
    return {
        "code": f"PL-{secrets.token_hex(4)}",
        "name": "From a template",
        "start_date": "2025-01-06",
        "phase": "Initiation",
        "tasks": [
            {"key": "design", "name": "Design", "parent_key": "build", "duration_days": "3"},
            {"key": "build", "name": "Build", "duration_days": "0"},
            {"key": "code", "name": "Code", "parent_key": "build", "duration_days": "5"},
            {"key": "test", "name": "Test", "duration_days": "2"},
            {
                "key": "gate",
                "name": "Go-live",
                "duration_days": "0",
                "constraint_type": "FNLT",
                "constraint_date": "2025-02-28",
            },
        ],
        "dependencies": [
            {"predecessor_key": "design", "successor_key": "code"},
            {"predecessor_key": "build", "successor_key": "test", "lag_days": "1"},
            {"predecessor_key": "test", "successor_key": "gate", "type": "FS"},
        ],
        "raid": {
            "risks": [{"title": "Supplier late", "probability": 3, "impact": 4}],
            "issues": [],
            "assumptions": [{"title": "Team available"}],
            "decisions": [{"title": "Stack", "decision": "PostgreSQL"}],
        },
        **fields,
    }


async def _count_projects(client: httpx.AsyncClient, code: str) -> int:
    found = await client.get("/v1/projects", params={"q": code})
    return sum(p["code"] == code for p in found.json()["items"])


async def test_the_project_comes_with_its_plan_scheduled(
    client: httpx.AsyncClient, make_token
) -> None:
    token = make_token("member")
    body = _plan()
    response = await client.post("/v1/project-plans", json=body, headers=auth(token))
    assert response.status_code == 201, response.text
    created = response.json()
    project = created["project"]
    assert response.headers["location"] == f"/v1/projects/{project['id']}"
    assert (project["code"], project["phase"], project["status"]) == (
        body["code"],
        "Initiation",
        "proposed",
    )
    assert created["counts"] == {
        "tasks": 5,
        "dependencies": 3,
        "risks": 1,
        "issues": 0,
        "assumptions": 1,
        "decisions": 1,
    }
    ids = created["task_ids"]
    assert set(ids) == {"design", "build", "code", "test", "gate"}
    # Design 6-8 Jan, Code 9-15, Build rolls them up, Test after a day's lag, the gate.
    assert project["scheduled_finish"] == "2025-01-20T17:00:00"
    tasks = (await client.get(f"/v1/projects/{project['id']}/tasks")).json()["items"]
    assert [t["name"] for t in tasks] == ["Design", "Build", "Code", "Test", "Go-live"]
    by_name = {t["name"]: t for t in tasks}
    assert by_name["Build"]["is_summary"] and by_name["Design"]["parent_id"] == ids["build"]
    assert by_name["Code"]["early_start"] == "2025-01-09T08:00:00"
    assert by_name["Go-live"]["constraint_type"] == "FNLT"
    assert by_name["Test"]["remaining_duration_days"] == "2.0000"
    # The creator manages it, as any project they create.
    members = (await client.get(f"/v1/projects/{project['id']}/members")).json()["items"]
    assert [(m["user_id"], m["role"]) for m in members] == [(_subject(token), "manager")]
    risks = (await client.get(f"/v1/projects/{project['id']}/risks")).json()["items"]
    assert [r["title"] for r in risks] == ["Supplier late"]
    audit = await client.get(
        "/v1/audit-records", params={"project_id": project["id"], "action": "imported"}
    )
    [record] = audit.json()["items"]
    assert record["changes"]["source"]["new"] == "project-plan"


def _subject(token: str) -> str:
    return str(jwt.decode(token, options={"verify_signature": False})["sub"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tasks": [{"key": "a", "name": "A", "duration_days": "1"}] * 2}, "tasks.1.key"),
        (
            {"tasks": [{"key": "a", "name": "A", "duration_days": "1", "parent_key": "zz"}]},
            "tasks.0.parent_key",
        ),
        (
            {
                "tasks": [
                    {"key": "a", "name": "A", "duration_days": "1", "parent_key": "b"},
                    {"key": "b", "name": "B", "duration_days": "1", "parent_key": "a"},
                ]
            },
            "tasks.0.parent_key",
        ),
        (
            {"dependencies": [{"predecessor_key": "test", "successor_key": "nope"}]},
            "dependencies.0.successor_key",
        ),
        (
            {"dependencies": [{"predecessor_key": "test", "successor_key": "test"}]},
            "dependencies.0",
        ),
        (
            {
                "dependencies": [
                    {"predecessor_key": "design", "successor_key": "code"},
                    {"predecessor_key": "design", "successor_key": "code", "type": "SS"},
                ]
            },
            "dependencies.1",
        ),
        (
            {
                "dependencies": [
                    {"predecessor_key": "design", "successor_key": "code"},
                    {"predecessor_key": "code", "successor_key": "test"},
                    {"predecessor_key": "test", "successor_key": "design"},
                ]
            },
            "dependencies.0",
        ),
        (
            {
                "raid": {
                    "risks": [
                        {
                            "title": "R",
                            "probability": 1,
                            "impact": 1,
                            "task_ids": [str(uuid.uuid4())],
                        }
                    ]
                }
            },
            "raid.risks.0.task_ids",
        ),
    ],
)
async def test_bad_keys_are_422_with_their_path_and_nothing_is_written(
    client: httpx.AsyncClient, change: dict[str, Any], field: str
) -> None:
    body = _plan(**change)
    response = await client.post("/v1/project-plans", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert field in [e["field"] for e in response.json()["errors"]]
    assert await _count_projects(client, body["code"]) == 0


async def test_a_summary_linked_to_its_own_subtask_is_422(client: httpx.AsyncClient) -> None:
    body = _plan(dependencies=[{"predecessor_key": "code", "successor_key": "build"}])
    response = await client.post("/v1/project-plans", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "dependencies.0"
    assert await _count_projects(client, body["code"]) == 0


async def test_a_plan_the_engine_refuses_leaves_nothing(client: httpx.AsyncClient) -> None:
    """Links on summaries reach their subtasks: this cycle (Test before Build, whose Code
    comes before Test) only the scheduler sees."""
    body = _plan(
        dependencies=[
            {"predecessor_key": "test", "successor_key": "build"},
            {"predecessor_key": "code", "successor_key": "test"},
        ]
    )
    response = await client.post("/v1/project-plans", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "dependencies"
    assert response.json()["code"] == "dependency_cycle"
    assert await _count_projects(client, body["code"]) == 0


def _many(count: int, **task: Any) -> list[dict[str, Any]]:
    return [{"key": f"t{i}", "name": f"T{i}", "duration_days": "1", **task} for i in range(count)]


@pytest.mark.parametrize(
    "change",
    [
        {"tasks": _many(2001)},
        {
            "tasks": _many(2),
            "dependencies": [{"predecessor_key": "t0", "successor_key": "t1"}] * 5001,
        },
        {"raid": {"assumptions": [{"title": "A"}] * 150, "issues": [{"title": "I"}] * 51}},
        {"tasks": [{"key": "a", "name": "Bad\x00name", "duration_days": "1"}]},
        {"tasks": [{"key": "", "name": "A", "duration_days": "1"}]},
        {"tasks": [{"key": "a", "name": "A"}]},
        {"tasks": [{"key": "a", "name": "A", "duration_days": "twelve"}]},
        {"tasks": [{"key": "a", "name": "A", "duration_days": "1e20"}]},
        {"tasks": [{"key": "a", "name": "A", "duration_days": "-1"}]},
        {"tasks": [{"key": "a", "name": "A", "duration_days": "1", "constraint_type": "MSO"}]},
        {"tasks": [{"key": 7, "name": "A", "duration_days": "1"}]},
        {"dependencies": [{"predecessor_key": "test", "successor_key": "gate", "lag_days": 1e30}]},
        {"dependencies": [{"predecessor_key": "test", "successor_key": "gate", "type": "XX"}]},
        {"phase": ""},
        {"phase": "p" * 81},
        {"raid": {"risks": [{"title": "R", "probability": 9, "impact": 1}]}},
        {"tasks": "none"},
        {"unknown": True},
    ],
)
async def test_bad_input_is_422_and_nothing_is_written(
    client: httpx.AsyncClient, change: dict[str, Any]
) -> None:
    body = _plan(**change)
    response = await client.post("/v1/project-plans", json=body)
    assert response.status_code == 422, response.text[:300]
    assert response.headers["content-type"] == PROBLEM
    assert await _count_projects(client, body["code"]) == 0


async def test_a_taken_code_is_409_and_nothing_is_written(client: httpx.AsyncClient) -> None:
    first = await client.post("/v1/project-plans", json=_plan())
    again = await client.post("/v1/project-plans", json=_plan(code=first.json()["project"]["code"]))
    assert again.status_code == 409
    assert await _count_projects(client, first.json()["project"]["code"]) == 1


async def test_only_those_who_may_propose_projects_may(
    client: httpx.AsyncClient, make_token
) -> None:
    response = await client.post(
        "/v1/project-plans", json=_plan(), headers=auth(make_token("executive"))
    )
    assert response.status_code == 403


async def test_a_retry_answers_the_same_project(client: httpx.AsyncClient) -> None:
    body, key = _plan(), str(uuid.uuid4())
    first = await client.post("/v1/project-plans", json=body, headers={"idempotency-key": key})
    second = await client.post("/v1/project-plans", json=body, headers={"idempotency-key": key})
    assert first.status_code == second.status_code == 201
    assert second.headers["idempotency-replayed"] == "true"
    assert second.json() == first.json()
    assert await _count_projects(client, body["code"]) == 1


async def test_concurrent_identical_requests_make_one_project(
    projects_app: FastAPI, admin_token: str
) -> None:
    """Committed transactions, as in production: the claim on the key must be visible
    across connections. One request creates the project; the others are told it is in
    flight, or, once it is done, replay its answer."""
    body, key = _plan(), str(uuid.uuid4())
    headers = {**auth(admin_token), "idempotency-key": key}
    transport = httpx.ASGITransport(app=projects_app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth(admin_token)
    ) as http:
        answers = await asyncio.gather(
            *(http.post("/v1/project-plans", json=body, headers=headers) for _ in range(4))
        )
        assert {a.status_code for a in answers} <= {201, 409}
        made = {a.json()["project"]["id"] for a in answers if a.status_code == 201}
        assert len(made) == 1
        assert await _count_projects(http, body["code"]) == 1
        retried = await http.post("/v1/project-plans", json=body, headers=headers)
        assert retried.status_code == 201 and retried.json()["project"]["id"] in made
        await http.delete(f"/v1/projects/{made.pop()}")


async def test_the_client_sends_a_plan_and_retries_safely(
    projects_app: FastAPI, admin_token: str
) -> None:
    plan = ProjectPlanCreate(
        code=f"PL-{secrets.token_hex(4)}",
        name="Via the client",
        tasks=[
            PlanTask(key="a", name="A", duration_days=2),
            PlanTask(key="b", name="B", duration_days=1),
        ],
        dependencies=[PlanLink(predecessor_key="a", successor_key="b")],
    )
    transport = httpx.ASGITransport(app=projects_app)
    async with ProjectsClient("http://projects", transport=transport, token=admin_token) as api:
        key = str(uuid.uuid4())
        first = await api.create_project_plan(plan, idempotency_key=key)
        again = await api.create_project_plan(plan, idempotency_key=key)
        assert again.project.id == first.project.id
        assert set(first.task_ids) == {"a", "b"} and first.counts.dependencies == 1
        await api.delete_project(first.project.id)
