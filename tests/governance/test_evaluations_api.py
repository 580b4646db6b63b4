"""Compliance evaluation through the API, over the real projects service: every
applicable rule of every published standard, one stored evaluation per project with a
finding per rule, the history and the compliance views."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.governance.factories import (
    create_portfolio,
    create_project,
    create_standard,
    evaluate,
    published_standard,
)
from tests.governance.kinds import HAS_TAG, MIN_TASKS

pytestmark = pytest.mark.usefixtures("test_kinds")


async def test_a_project_is_evaluated_against_the_published_rules(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    standard = await published_standard(
        client,
        {"params": {"tag": "erp"}, "severity": "critical", "weight": 3, "title": "ERP"},
        {"params": {"tag": "it"}},
        {"kind": MIN_TASKS, "params": {"min_tasks": 1}, "weight": 5},
    )
    draft = await create_standard(client)  # drafts do not count
    await client.post(
        f"/v1/standards/{draft['id']}/rules", json={"kind": HAS_TAG, "params": {"tag": "x"}}
    )
    project = await create_project(projects, tags=["it"])

    [summary] = await evaluate(client, project_id=project["id"])
    assert summary["project_id"] == project["id"] and summary["evaluator"] == "pmo-1"
    assert (summary["passed"], summary["failed"], summary["not_applicable"]) == (1, 1, 1)
    assert summary["score"] == 25.0  # 1 of 1 + 3 weight passed; the n/a rule does not count
    assert summary["by_severity"]["critical"] == {"passed": 0, "failed": 1, "not_applicable": 0}
    assert summary["standard_ids"] == [standard["id"]]
    assert summary["evaluated_at"].endswith("Z")

    read = await client.get(f"/v1/evaluations/{summary['id']}")
    assert read.status_code == 200
    evaluation = read.json()
    assert {k: v for k, v in evaluation.items() if k != "findings"} == summary
    findings = evaluation["findings"]
    assert [f["status"] for f in findings] == ["fail", "pass", "not_applicable"]
    assert [f["position"] for f in findings] == [1, 2, 3]
    failed = findings[0]
    assert failed["rule_title"] == "ERP" and failed["standard_key"] == standard["key"]
    assert failed["standard_revision"] == 1 and failed["kind"] == HAS_TAG
    assert (failed["severity"], failed["weight"]) == ("critical", 3)
    assert failed["message"] == "Not tagged erp."
    assert failed["evidence"] == {"tag": "erp", "tags": ["it"]}


async def test_scope_decides_which_rules_run(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    portfolio = await create_portfolio(projects)
    await published_standard(
        client,
        {"params": {"tag": "a"}, "title": "any"},
        {
            "params": {"tag": "a"},
            "title": "other portfolio",
            "scope": {"portfolio_ids": [str(uuid.uuid4())]},
        },
        {
            "params": {"tag": "a"},
            "title": "this portfolio",
            "scope": {"portfolio_ids": [portfolio["id"]]},
        },
        {"params": {"tag": "a"}, "title": "active only", "scope": {"project_statuses": ["active"]}},
        {"params": {"tag": "a"}, "title": "tagged b", "scope": {"tags": ["b", "c"]}},
        {"params": {"tag": "a"}, "title": "in execution", "scope": {"phases": ["execution"]}},
    )
    project = await create_project(projects, portfolio_id=portfolio["id"], tags=["c"])
    [summary] = await evaluate(client, project_id=project["id"])
    findings = (await client.get(f"/v1/evaluations/{summary['id']}")).json()["findings"]
    assert [f["rule_title"] for f in findings] == ["any", "this portfolio", "tagged b"]


async def test_a_portfolio_is_evaluated_project_by_project(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    await published_standard(client, {"params": {"tag": "ok"}})
    portfolio = await create_portfolio(projects)
    tagged = await create_project(projects, portfolio_id=portfolio["id"], tags=["ok"])
    untagged = await create_project(projects, portfolio_id=portfolio["id"])
    elsewhere = await create_project(projects, tags=["ok"])

    items = await evaluate(client, portfolio_id=portfolio["id"])
    scores = {item["project_id"]: item["score"] for item in items}
    assert scores == {tagged["id"]: 100.0, untagged["id"]: 0.0}
    assert {item["portfolio_id"] for item in items} == {portfolio["id"]}
    assert len({item["batch_id"] for item in items}) == 1

    compliance = await client.get(f"/v1/portfolios/{portfolio['id']}/compliance")
    assert compliance.status_code == 200
    body = compliance.json()
    assert body["average_score"] == 50.0
    assert {e["project_id"] for e in body["projects"]} == {tagged["id"], untagged["id"]}
    [today] = body["trend"]
    assert (today["average_score"], today["projects"]) == (50.0, 2)
    listed = await client.get("/v1/evaluations", params={"project_id": elsewhere["id"]})
    assert listed.json()["items"] == []


async def test_history_is_kept_and_the_trend_shows_the_fix(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    await published_standard(client, {"params": {"tag": "ok"}}, {"params": {"tag": "ready"}})
    project = await create_project(projects, tags=["ok"])
    [first] = await evaluate(client, project_id=project["id"])
    fixed = await projects.patch(f"/v1/projects/{project['id']}", json={"tags": ["ok", "ready"]})
    assert fixed.status_code == 200, fixed.text
    [second] = await evaluate(client, project_id=project["id"])
    assert (first["score"], second["score"]) == (50.0, 100.0)

    compliance = (await client.get(f"/v1/projects/{project['id']}/compliance")).json()
    assert compliance["latest"]["id"] == second["id"]
    assert [f["status"] for f in compliance["latest"]["findings"]] == ["pass", "pass"]
    assert [p["score"] for p in compliance["trend"]] == [50.0, 100.0]
    limited = await client.get(
        f"/v1/projects/{project['id']}/compliance", params={"trend_limit": 1}
    )
    assert [p["evaluation_id"] for p in limited.json()["trend"]] == [second["id"]]

    page = await client.get("/v1/evaluations", params={"project_id": project["id"], "limit": 1})
    assert [e["id"] for e in page.json()["items"]] == [second["id"]]
    rest = await client.get(
        "/v1/evaluations",
        params={"project_id": project["id"], "limit": 1, "cursor": page.json()["next_cursor"]},
    )
    assert [e["id"] for e in rest.json()["items"]] == [first["id"]]
    assert rest.json()["next_cursor"] is None
    latest = await client.get("/v1/evaluations/latest", params={"project_ids": project["id"]})
    assert [e["id"] for e in latest.json()["items"]] == [second["id"]]


async def test_nothing_applicable_scores_null(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    await published_standard(client, {"kind": MIN_TASKS, "params": {"min_tasks": 2}})
    project = await create_project(projects)
    [summary] = await evaluate(client, project_id=project["id"])
    assert summary["score"] is None and summary["not_applicable"] == 1


async def test_unknown_targets_are_404_and_store_nothing(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    await published_standard(client, {"params": {"tag": "ok"}})
    missing = str(uuid.uuid4())
    for target in ({"project_id": missing}, {"portfolio_id": missing}):
        response = await client.post("/v1/evaluations", json=target)
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/evaluations")).json()["items"] == []
    assert (await client.get(f"/v1/evaluations/{missing}")).status_code == 404


async def test_a_target_must_be_exactly_one(client: httpx.AsyncClient) -> None:
    for body in ({}, {"project_id": str(uuid.uuid4()), "portfolio_id": str(uuid.uuid4())}):
        response = await client.post("/v1/evaluations", json=body)
        assert response.status_code == 422, response.text
    bad = await client.post("/v1/evaluations", json={"project_id": "x\u0000"})
    assert bad.status_code == 422
    assert (await client.get("/v1/evaluations")).json()["items"] == []


async def test_a_retried_request_stores_one_evaluation(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    await published_standard(client, {"params": {"tag": "ok"}})
    project = await create_project(projects)
    headers = {"idempotency-key": f"ev-{uuid.uuid4()}"}
    body = {"project_id": project["id"]}
    first = await client.post("/v1/evaluations", json=body, headers=headers)
    again = await client.post("/v1/evaluations", json=body, headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
    listed = await client.get("/v1/evaluations", params={"project_id": project["id"]})
    assert len(listed.json()["items"]) == 1


async def test_who_may_evaluate_and_read(
    client: httpx.AsyncClient, projects: httpx.AsyncClient, make_token
) -> None:
    await published_standard(client, {"params": {"tag": "ok"}})
    portfolio = await create_portfolio(projects)
    mine = await create_project(projects, portfolio_id=portfolio["id"])
    theirs = await create_project(projects, portfolio_id=portfolio["id"])
    added = await projects.post(
        f"/v1/projects/{mine['id']}/members", json={"user_id": "member-7", "role": "viewer"}
    )
    assert added.status_code == 201, added.text
    member = {"authorization": f"Bearer {make_token('member', sub='member-7')}"}

    allowed = await client.post("/v1/evaluations", json={"project_id": mine["id"]}, headers=member)
    assert allowed.status_code == 201, allowed.text
    assert allowed.json()["items"][0]["evaluator"] == "member-7"
    hidden = await client.post("/v1/evaluations", json={"project_id": theirs["id"]}, headers=member)
    assert hidden.status_code == 404
    whole = await client.post(
        "/v1/evaluations", json={"portfolio_id": portfolio["id"]}, headers=member
    )
    assert whole.status_code == 403

    [other] = await evaluate(client, project_id=theirs["id"])
    assert (await client.get(f"/v1/evaluations/{other['id']}", headers=member)).status_code == 404
    own = await client.get("/v1/evaluations", params={"project_id": mine["id"]}, headers=member)
    assert own.status_code == 200 and len(own.json()["items"]) == 1
    assert (await client.get("/v1/evaluations", headers=member)).status_code == 403
    compliance = await client.get(f"/v1/projects/{mine['id']}/compliance", headers=member)
    assert compliance.status_code == 200
    hidden_compliance = await client.get(f"/v1/projects/{theirs['id']}/compliance", headers=member)
    assert hidden_compliance.status_code == 404
    portfolio_view = await client.get(
        f"/v1/portfolios/{portfolio['id']}/compliance", headers=member
    )
    assert portfolio_view.status_code == 403
    latest = await client.get(
        "/v1/evaluations/latest",
        params={"project_ids": f"{mine['id']},{theirs['id']}"},
        headers=member,
    )
    assert [e["project_id"] for e in latest.json()["items"]] == [mine["id"]]


async def test_recorded_deliverables_are_facts_of_the_evaluation(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    """Governance's own records join the projects service's facts: a deliverable counts
    once it is submitted (planned is not enough)."""
    await published_standard(
        client, {"kind": "deliverable_present", "params": {"key": "charter"}, "title": "Charter"}
    )
    project = await create_project(projects)
    path = f"/v1/projects/{project['id']}/deliverables"
    added = await client.post(path, json={"key": "charter", "name": "Project charter"})
    assert added.status_code == 201, added.text

    [planned] = await evaluate(client, project_id=project["id"])
    assert (planned["passed"], planned["failed"]) == (0, 1)

    submitted = await client.patch(
        f"{path}/{added.json()['id']}",
        json={"status": "submitted"},
        headers={"if-match": f'"{added.json()["version"]}"'},
    )
    assert submitted.status_code == 200, submitted.text
    [present] = await evaluate(client, project_id=project["id"])
    assert (present["passed"], present["failed"]) == (1, 0)
    assert present["score"] == 100.0
