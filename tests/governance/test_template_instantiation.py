"""Instantiating templates against the real projects service: the project, its plan, RAID
entries and phase are checked through the projects API, the record through governance's."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.governance.lessons.factories import record_lesson
from tests.governance.lifecycle_factories import published_lifecycle
from tests.governance.templates import published_template

MISSING = "00000000-0000-4000-8000-000000000000"


async def portfolio(projects: httpx.AsyncClient) -> str:
    response = await projects.post("/v1/portfolios", json={"name": f"Tpl {secrets.token_hex(3)}"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def request(portfolio_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "name": "Website relaunch",
        "code": f"WR-{secrets.token_hex(3)}",
        "start_date": "2025-03-03",
        "manager": "maria",
        "sponsor": "sam",
        "portfolio_id": portfolio_id,
        **fields,
    }


async def instantiate(
    client: httpx.AsyncClient, template_id: str, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post(
        f"/v1/templates/{template_id}/instantiations", json=body, headers=headers
    )


async def items(http: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    response = await http.get(path, params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_instantiation_makes_the_scheduled_project(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    lifecycle = await published_lifecycle(client)
    template = await published_template(client, lifecycle_key=lifecycle["key"])
    body = request(await portfolio(projects))
    response = await instantiate(client, template["id"], body)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["template_id"] == template["id"] and answer["template_revision"] == 1
    assert answer["project"]["code"] == body["code"] and answer["project"]["phase"] == "idea"
    assert answer["lessons"] == [] and answer["lifecycle_id"] == lifecycle["id"]
    project_id = answer["project"]["id"]
    project = (await projects.get(f"/v1/projects/{project_id}")).json()
    assert (project["name"], project["manager"], project["sponsor"]) == (
        "Website relaunch",
        "maria",
        "sam",
    )
    assert project["phase"] == "idea" and project["start_date"] == "2025-03-03"
    await _plan_is_scheduled(projects, project_id)
    await _raid_is_there(projects, project_id)
    await _governance_side_is_there(client, project_id, template["id"], lifecycle["id"])


async def _plan_is_scheduled(projects: httpx.AsyncClient, project_id: str) -> None:
    tasks = {t["name"]: t for t in await items(projects, f"/v1/projects/{project_id}/tasks")}
    assert set(tasks) == {"Delivery", "Design", "Build", "Launch"}
    assert tasks["Design"]["parent_id"] == tasks["Delivery"]["id"]
    assert tasks["Delivery"]["is_summary"] and tasks["Launch"]["is_milestone"]
    # Design starts with the project (Mon 3 March), Build follows it; Launch would follow
    # the build (done 21 March) two working days later, but its SNET constraint (start + 28
    # calendar days: Mon 31 March) holds it back (a milestone at the start of Monday's work
    # shows as the end of Friday's).
    assert tasks["Design"]["early_start"].startswith("2025-03-03")
    assert tasks["Build"]["early_start"].startswith("2025-03-10")
    assert tasks["Launch"]["constraint_type"] == "SNET"
    assert tasks["Launch"]["constraint_date"].startswith("2025-03-31")
    assert tasks["Launch"]["early_start"] >= "2025-03-28T17:00"
    links = await items(projects, f"/v1/projects/{project_id}/dependencies")
    by_id = {t["id"]: name for name, t in tasks.items()}
    assert {
        (by_id[d["predecessor_id"]], by_id[d["successor_id"]], d["lag_days"]) for d in links
    } == {
        ("Design", "Build", "0.00"),
        ("Build", "Launch", "2.00"),
    }


async def _raid_is_there(projects: httpx.AsyncClient, project_id: str) -> None:
    risks = {r["title"]: r for r in await items(projects, f"/v1/projects/{project_id}/risks")}
    assert risks["Key developer leaves"]["owner"] == "maria"
    assert risks["Key developer leaves"]["mitigation"] == "Pair on every module."
    assert risks["Key developer leaves"]["score"] == 8
    vendor = risks["Vendor API changes"]
    assert vendor["owner"] is None and "Owner role: Architect" in vendor["description"]
    [assumption] = await items(projects, f"/v1/projects/{project_id}/assumptions")
    assert assumption["owner"] == "sam"


async def _governance_side_is_there(
    client: httpx.AsyncClient, project_id: str, template_id: str, lifecycle_id: str
) -> None:
    assigned = await client.get(f"/v1/projects/{project_id}/lifecycle")
    assert assigned.status_code == 200 and assigned.json()["lifecycle_id"] == lifecycle_id
    deliverables = await items(client, f"/v1/projects/{project_id}/deliverables")
    assert {(d["key"], d["status"]) for d in deliverables} == {
        ("charter", "planned"),
        ("design-doc", "planned"),
    }
    records = await items(client, f"/v1/templates/{template_id}/instantiations")
    assert [r["project"]["id"] for r in records] == [project_id]
    assert records[0]["instantiated_by"] == "pmo-1"


async def test_a_retry_with_the_same_key_answers_the_same_project(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    template = await published_template(client)
    body = request(await portfolio(projects))
    del body["code"]  # made from the template's key, the same on every retry
    key = {"idempotency-key": f"inst-{secrets.token_hex(4)}"}
    first = await instantiate(client, template["id"], body, **key)
    again = await instantiate(client, template["id"], body, **key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers.get("idempotency-replayed") == "true"
    assert again.json() == first.json()
    assert first.json()["project"]["code"].startswith(template["key"].upper() + "-")
    records = await items(client, f"/v1/templates/{template['id']}/instantiations")
    assert len(records) == 1
    named = await items(projects, "/v1/projects", q=first.json()["project"]["code"])
    assert len(named) == 1


async def test_only_a_published_template_is_instantiated(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    published = await published_template(client)
    draft = (await client.post(f"/v1/templates/{published['id']}/revisions")).json()
    body = request(await portfolio(projects))
    refused = await instantiate(client, draft["id"], body)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["template_status"] == "draft"
    await client.post(f"/v1/templates/{published['id']}/retire")
    retired = await instantiate(client, published["id"], body)
    assert retired.status_code == 409 and retired.json()["template_status"] == "retired"
    missing = await instantiate(client, MISSING, body)
    assert missing.status_code == 404
    assert await items(projects, "/v1/projects", q=body["code"]) == []


async def test_bad_requests_are_422_and_make_nothing(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    template = await published_template(client)
    portfolio_id = await portfolio(projects)
    for body in (
        request(portfolio_id, name="Bad\u0000name"),
        request(portfolio_id, start_date="not a date"),
        request(portfolio_id, code="has spaces"),
        request(portfolio_id, manager=""),
        {k: v for k, v in request(portfolio_id).items() if k != "portfolio_id"},
        request(MISSING),
    ):
        response = await instantiate(client, template["id"], body)
        assert response.status_code == 422, (body, response.text)
        assert await items(projects, "/v1/projects", q=body.get("code")) == []
    unknown = await instantiate(client, template["id"], request(MISSING))
    assert unknown.json()["errors"][0]["field"] == "portfolio_id"
    assert await items(client, f"/v1/templates/{template['id']}/instantiations") == []


async def test_the_answer_offers_the_lessons_that_match_the_template(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    tag = f"tag-{secrets.token_hex(3)}"
    matching = await record_lesson(
        client,
        title="Freeze the vendor API early",
        tags=[tag],
        category="technical",
        recommendation="Pin the API version in the contract.",
    )
    await record_lesson(client, title="Unrelated", tags=["catering"], category="other")
    template = await published_template(client, tags=[tag], category="technical")
    response = await instantiate(client, template["id"], request(await portfolio(projects)))
    assert response.status_code == 201, response.text
    lessons = response.json()["lessons"]
    assert lessons[0]["id"] == matching["id"]
    assert lessons[0]["recommendation"] == "Pin the API version in the contract."
    assert "Unrelated" not in [lesson["title"] for lesson in lessons]


async def test_members_list_only_the_instantiations_they_made(
    client: httpx.AsyncClient, projects: httpx.AsyncClient, make_token
) -> None:
    template = await published_template(client)
    made = await instantiate(client, template["id"], request(await portfolio(projects)))
    assert made.status_code == 201, made.text
    member = {"authorization": f"Bearer {make_token('member')}"}
    path = f"/v1/templates/{template['id']}/instantiations"
    assert (await client.get(path, headers=member)).json()["items"] == []
    assert len(await items(client, path)) == 1
