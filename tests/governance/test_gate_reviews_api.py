"""Gate reviews through the API, against the real projects service: opening the review of
the next gate, its checklist and rules, decisions by approver role, and the phase change
the projects service makes when every required role has said go."""

from __future__ import annotations

import secrets
import uuid

import httpx

from services.governance.gates.service import approved_gates
from shared.db import get_session
from tests.governance.gate_factories import (
    GatedProject,
    check,
    decide,
    gated_project,
    open_review,
)
from tests.governance.lifecycle_factories import (
    create_project,
    demo_lifecycle,
    published_lifecycle,
)

UNKNOWN = "00000000-0000-4000-8000-000000000000"


async def _project(projects: httpx.AsyncClient, project_id: str) -> dict:
    response = await projects.get(f"/v1/projects/{project_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def _approve(client: httpx.AsyncClient, gp: GatedProject) -> dict:
    """Through the first gate: the manager and the PMO say go."""
    review = await open_review(client, gp.id, "approved")
    await check(client, review, "business-case", gp.developer)
    assert (await decide(client, review, "go", gp.manager)).status_code == 200
    passed = await decide(client, review, "go")
    assert passed.status_code == 200, passed.text
    return passed.json()


async def test_open_the_review_of_the_next_gate(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    gp = await gated_project(client, projects, make_token)
    review = await open_review(client, gp.id, "approved", **gp.manager)
    assert (review["state"], review["from_phase"], review["to_phase"]) == (
        "open",
        "idea",
        "approved",
    )
    assert review["approver_roles"] == ["manager", "pmo"] and review["results"] == []
    assert review["checklist"] == [
        {
            "key": "business-case",
            "text": "Business case written",
            "required": True,
            "done": False,
            "comment": "",
            "checked_by": None,
            "checked_at": None,
        }
    ]
    assert review["blockers"] == {
        "pending_roles": ["manager", "pmo"],
        "open_checklist_items": ["business-case"],
        "failing_critical_rules": [],
    }
    read = await client.get(f"/v1/gate-reviews/{review['id']}", headers=gp.developer)
    assert read.json() == review and read.headers["etag"] == f'"{review["version"]}"'
    listed = await client.get("/v1/gate-reviews", params={"project_id": gp.id})
    assert [r["id"] for r in listed.json()["items"]] == [review["id"]]


async def test_opening_refusals_create_nothing(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    gp = await gated_project(client, projects, make_token)
    body = {"project_id": gp.id, "to_phase": "approved"}
    assert (
        await client.post("/v1/gate-reviews", json=body, headers=gp.developer)
    ).status_code == 403
    outsider = {"authorization": f"Bearer {make_token('member')}"}
    assert (await client.post("/v1/gate-reviews", json=body, headers=outsider)).status_code == 422
    hidden = await client.get("/v1/gate-reviews", params={"project_id": gp.id}, headers=outsider)
    assert hidden.json()["items"] == []
    skipping = await client.post("/v1/gate-reviews", json={**body, "to_phase": "execution"})
    assert skipping.status_code == 409
    unknown_phase = await client.post("/v1/gate-reviews", json={**body, "to_phase": "moon"})
    assert unknown_phase.status_code == 422
    assert unknown_phase.json()["errors"][0]["field"] == "to_phase"
    no_project = await client.post("/v1/gate-reviews", json={**body, "project_id": UNKNOWN})
    assert no_project.status_code == 422
    assert no_project.json()["errors"][0]["field"] == "project_id"
    bare = await create_project(projects)
    no_lifecycle = await client.post("/v1/gate-reviews", json={**body, "project_id": bare["id"]})
    assert no_lifecycle.status_code == 409
    listed = await client.get("/v1/gate-reviews", params={"project_id": gp.id})
    assert listed.json()["items"] == []
    await open_review(client, gp.id, "approved")
    twice = await client.post("/v1/gate-reviews", json=body)
    assert twice.status_code == 409
    assert (
        len((await client.get("/v1/gate-reviews", params={"project_id": gp.id})).json()["items"])
        == 1
    )


async def test_a_managers_go_alone_does_not_approve(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    gp = await gated_project(client, projects, make_token)
    review = await open_review(client, gp.id, "approved", **gp.manager)
    checked = await check(client, review, "business-case", gp.developer)
    assert checked["checklist"][0]["done"] and checked["checklist"][0]["checked_by"].startswith(
        "dev-"
    )
    went = await decide(client, review, "go", gp.manager)
    assert went.status_code == 200, went.text
    assert went.json()["state"] == "open"
    assert went.json()["blockers"]["pending_roles"] == ["pmo"]
    assert [(d["role"], d["decision"]) for d in went.json()["decisions"]] == [("manager", "go")]
    project = await _project(projects, gp.id)
    assert (project["status"], project["phase"]) == ("proposed", None)
    twice = await decide(client, review, "go", gp.manager)
    assert twice.status_code == 409
    not_an_approver = await decide(client, review, "go", gp.executive)
    assert not_an_approver.status_code == 403
    assert not_an_approver.headers["content-type"] == "application/problem+json"
    passed = await decide(client, review, "go")
    assert passed.status_code == 200, passed.text
    assert passed.json()["state"] == "passed" and passed.json()["closed_at"]
    project = await _project(projects, gp.id)
    assert (project["status"], project["phase"]) == ("approved", "approved")
    closed = await decide(client, review, "hold")
    assert closed.status_code == 409
    # Nobody moves the phase any other way: the projects service refuses it, even to pmo.
    direct = await projects.patch(f"/v1/projects/{gp.id}", json={"phase": "execution"})
    assert direct.status_code == 403, direct.text
    assert (await _project(projects, gp.id))["phase"] == "approved"


async def test_go_waits_for_the_checklist(client: httpx.AsyncClient, projects, make_token) -> None:
    gp = await gated_project(client, projects, make_token)
    review = await open_review(client, gp.id, "approved")
    early = await decide(client, review, "go", gp.manager)
    assert early.status_code == 409
    assert "business-case" in early.json()["detail"]
    read = (await client.get(f"/v1/gate-reviews/{review['id']}")).json()
    assert read["decisions"] == [] and read["version"] == review["version"]


async def test_a_failing_critical_rule_blocks_the_go_until_fixed(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    gp = await gated_project(client, projects, make_token, sponsor=None)
    await _approve(client, gp)
    review = await open_review(client, gp.id, "execution")
    assert [(r["params"]["field"], r["status"]) for r in review["results"]] == [
        ("sponsor", "fail"),
        ("budget", "fail"),
    ]
    assert review["blockers"]["failing_critical_rules"] == ["required_field"]
    await check(client, review, "charter", gp.manager)
    blocked = await decide(client, review, "go", gp.manager)
    assert blocked.status_code == 409 and "critical" in blocked.json()["detail"]
    fixed = await projects.patch(f"/v1/projects/{gp.id}", json={"sponsor": "Ada"})
    assert fixed.status_code == 200, fixed.text
    evaluated = await client.post(f"/v1/gate-reviews/{review['id']}/evaluate", headers=gp.manager)
    assert evaluated.status_code == 200, evaluated.text
    assert [r["status"] for r in evaluated.json()["results"]] == ["pass", "fail"]
    assert evaluated.json()["blockers"]["failing_critical_rules"] == []
    assert (await decide(client, review, "go", gp.manager)).status_code == 200
    passed = await decide(client, review, "go", gp.executive)
    assert passed.status_code == 200, passed.text
    assert passed.json()["state"] == "passed"
    project = await _project(projects, gp.id)
    assert (project["status"], project["phase"]) == ("active", "execution")


async def test_hold_then_go(client: httpx.AsyncClient, projects, make_token) -> None:
    gp = await gated_project(client, projects, make_token)
    review = await open_review(client, gp.id, "approved")
    held = await decide(client, review, "hold", gp.manager)
    assert held.status_code == 200 and held.json()["state"] == "open"
    assert held.json()["version"] > review["version"]
    await check(client, review, "business-case", gp.manager)
    assert (await decide(client, review, "go", gp.manager)).status_code == 200
    read = (await client.get(f"/v1/gate-reviews/{review['id']}")).json()
    assert [(d["role"], d["decision"]) for d in read["decisions"]] == [
        ("manager", "hold"),
        ("manager", "go"),
    ]


async def test_recycle_keeps_the_project_where_it_is(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    gp = await gated_project(client, projects, make_token)
    review = await open_review(client, gp.id, "approved")
    recycled = await decide(client, review, "recycle", gp.manager)
    assert recycled.status_code == 200
    assert recycled.json()["state"] == "recycled" and recycled.json()["closed_at"]
    project = await _project(projects, gp.id)
    assert (project["status"], project["phase"]) == ("proposed", None)
    assert (await decide(client, review, "go")).status_code == 409
    evaluate = await client.post(f"/v1/gate-reviews/{review['id']}/evaluate")
    assert evaluate.status_code == 409
    again = await open_review(client, gp.id, "approved")
    assert again["state"] == "open"


async def test_stop_cancels_the_project(client: httpx.AsyncClient, projects, make_token) -> None:
    gp = await gated_project(client, projects, make_token)
    review = await open_review(client, gp.id, "approved")
    stopped = await decide(client, review, "stop")
    assert stopped.status_code == 200, stopped.text
    assert stopped.json()["state"] == "stopped"
    assert (await _project(projects, gp.id))["status"] == "cancelled"
    reopened = await client.post(
        "/v1/gate-reviews", json={"project_id": gp.id, "to_phase": "approved"}
    )
    assert reopened.status_code == 409


async def test_bad_writes_change_nothing(client: httpx.AsyncClient, projects, make_token) -> None:
    gp = await gated_project(client, projects, make_token)
    review = await open_review(client, gp.id, "approved")
    path = f"/v1/gate-reviews/{review['id']}"
    stale = await client.put(
        f"{path}/checklist/business-case", json={"done": True}, headers={"if-match": '"99"'}
    )
    assert stale.status_code == 412
    stale_decision = await client.post(
        f"{path}/decisions", json={"decision": "go"}, headers={"if-match": '"99"'}
    )
    assert stale_decision.status_code == 412
    unknown_item = await client.put(f"{path}/checklist/nothing", json={"done": True})
    assert unknown_item.status_code == 404
    nul = await client.put(
        f"{path}/checklist/business-case", json={"done": True, "comment": "a\u0000b"}
    )
    assert nul.status_code == 422
    bad_decision = await client.post(f"{path}/decisions", json={"decision": "maybe"})
    assert bad_decision.status_code == 422
    outsider = {"authorization": f"Bearer {make_token('member')}"}
    assert (await client.get(path, headers=outsider)).status_code == 404
    assert (await decide(client, review, "go", outsider)).status_code == 404
    viewer_check = await client.put(
        f"{path}/checklist/business-case", json={"done": True}, headers=gp.sponsor
    )
    assert viewer_check.status_code == 403
    read = (await client.get(path)).json()
    assert read["version"] == review["version"] and read["decisions"] == []
    assert read["checklist"][0]["done"] is False
    assert (await client.get(f"/v1/gate-reviews/{UNKNOWN}")).status_code == 404
    everyone = await client.get("/v1/gate-reviews", headers=gp.manager)
    assert everyone.status_code == 403


async def test_a_member_who_proposes_a_project_cannot_approve_it(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    creator = {"authorization": f"Bearer {make_token('member', sub='proposer-1')}"}
    created = await projects.post(
        "/v1/projects",
        json={"code": f"PROP-{secrets.token_hex(3)}", "name": "Proposal"},
        headers=creator,
    )
    assert created.status_code == 201, created.text
    project_id = created.json()["id"]
    lifecycle = await published_lifecycle(client)
    await client.put(f"/v1/projects/{project_id}/lifecycle", json={"lifecycle_id": lifecycle["id"]})
    review = await open_review(client, project_id, "approved", **creator)
    await check(client, review, "business-case", creator)
    went = await decide(client, review, "go", creator)
    assert went.status_code == 200 and went.json()["state"] == "open"
    assert went.json()["blockers"]["pending_roles"] == ["pmo"]
    direct = await projects.patch(
        f"/v1/projects/{project_id}", json={"status": "approved"}, headers=creator
    )
    assert direct.status_code == 403, direct.text
    assert (await _project(projects, project_id))["status"] == "proposed"


async def test_the_sponsor_decides_when_the_gate_names_the_sponsor(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    gp = await gated_project(client, projects, make_token)
    sponsored = demo_lifecycle()
    sponsored["gates"][0] |= {"approver_roles": ["sponsor"], "checklist": []}
    lifecycle = await published_lifecycle(client, **sponsored)
    assigned = await client.put(
        f"/v1/projects/{gp.id}/lifecycle", json={"lifecycle_id": lifecycle["id"]}
    )
    assert assigned.status_code == 200
    review = await open_review(client, gp.id, "approved")
    assert (await decide(client, review, "go")).status_code == 403  # pmo is not the sponsor
    passed = await decide(client, review, "go", gp.sponsor)
    assert passed.status_code == 200, passed.text
    assert passed.json()["state"] == "passed"
    assert passed.json()["decisions"][0]["role"] == "sponsor"
    assert (await _project(projects, gp.id))["status"] == "approved"


async def test_approved_gates_are_the_phases_entered_through_a_passed_review(
    client: httpx.AsyncClient, projects, make_token, governance_app
) -> None:
    gp = await gated_project(client, projects, make_token)
    await _approve(client, gp)
    await open_review(client, gp.id, "execution")  # open: not approved yet
    other = uuid.uuid4()
    # The rows are in the test's transaction: read them through the session the app's
    # requests get (the transactional client's override).
    async for session in governance_app.dependency_overrides[get_session]():
        approved = await approved_gates(session, [uuid.UUID(gp.id), other])
    assert approved == {uuid.UUID(gp.id): frozenset({"approved"}), other: frozenset()}


async def test_a_review_offers_lessons_of_other_projects(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    tag = f"gate-{secrets.token_hex(3)}"
    earlier = await create_project(projects, tags=[tag])
    lesson = await client.post(
        "/v1/lessons",
        json={
            "title": "Agree the business case with finance first",
            "recommendation": "Review the business case with finance before the approval gate.",
            "category": "governance",
            "tags": [tag],
            "phase": "approved",
            "source_project_id": earlier["id"],
        },
    )
    assert lesson.status_code == 201, lesson.text
    gp = await gated_project(client, projects, make_token, tags=[tag])

    review = await open_review(client, gp.id, "approved", **gp.manager)
    assert [s["lesson"]["id"] for s in review["lessons"]] == [lesson.json()["id"]]
    assert review["lessons"][0]["shared_tags"] == [tag]
    read = await client.get(f"/v1/gate-reviews/{review['id']}", headers=gp.developer)
    assert read.json()["lessons"] == review["lessons"]
    listed = await client.get("/v1/gate-reviews", params={"project_id": gp.id})
    assert listed.json()["items"][0]["lessons"] == []
