from __future__ import annotations

import httpx

from tests.projects.factories import add_task, auth, create_project


async def _draft(client: httpx.AsyncClient, project_id: str, **fields) -> dict:
    body = {"title": "Add a reporting module", **fields}
    response = await client.post(f"/v1/projects/{project_id}/change-requests", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_lifecycle_draft_submit_approve(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    change = await _draft(
        client,
        project["id"],
        reason="Customer asked",
        schedule_impact_days="5",
        cost_impact="-1200.50",
        currency="EUR",
        scope_impact="One more report",
    )
    assert (change["status"], change["requested_by"], change["cost_impact"]) == (
        "draft",
        "admin",
        "-1200.50",
    )
    url = f"/v1/change-requests/{change['id']}"
    edited = await client.patch(url, json={"description": "Details"}, headers={"If-Match": '"1"'})
    assert edited.status_code == 200, edited.text

    assert (await client.post(f"{url}/approve")).status_code == 409  # not submitted yet
    submitted = await client.post(f"{url}/submit")
    assert submitted.json()["status"] == "submitted"
    assert (await client.patch(url, json={"title": "Late edit"})).status_code == 409
    assert (await client.post(f"{url}/submit")).status_code == 409

    approved = await client.post(f"{url}/approve", json={"note": "Go ahead"})
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert (body["status"], body["decided_by"], body["decision_note"]) == (
        "approved",
        "admin",
        "Go ahead",
    )
    assert body["decided_at"] is not None
    assert body["baseline_number"] is None
    assert (await client.post(f"{url}/reject")).status_code == 409

    listed = await client.get(
        f"/v1/projects/{project['id']}/change-requests", params={"status": "approved"}
    )
    assert [c["id"] for c in listed.json()["items"]] == [change["id"]]
    assert (await client.get(url)).json()["status"] == "approved"


async def test_reject(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    change = await _draft(client, project["id"])
    url = f"/v1/change-requests/{change['id']}"
    await client.post(f"{url}/submit")
    rejected = await client.post(f"{url}/reject", json={"note": "Out of scope"})
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["decision_note"]) == (
        "rejected",
        "Out of scope",
    )
    assert (await client.post(f"{url}/approve")).status_code == 409


async def test_approval_sets_a_baseline(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    await add_task(client, project["id"])
    change = await _draft(client, project["id"])
    url = f"/v1/change-requests/{change['id']}"
    await client.post(f"{url}/submit")
    approved = await client.post(f"{url}/approve", json={"set_baseline": 2})
    assert approved.status_code == 200, approved.text
    assert approved.json()["baseline_number"] == 2
    baseline = (await client.get(f"/v1/projects/{project['id']}/baselines/2")).json()
    assert baseline["task_count"] == 1
    assert baseline["name"] == "Change request: Add a reporting module"


async def test_approval_fails_whole_when_the_baseline_is_taken(
    client: httpx.AsyncClient,
) -> None:
    project = await create_project(client)
    await add_task(client, project["id"])
    taken = await client.post(f"/v1/projects/{project['id']}/baselines/1", json={"name": "old"})
    assert taken.status_code == 201
    change = await _draft(client, project["id"])
    url = f"/v1/change-requests/{change['id']}"
    await client.post(f"{url}/submit")

    refused = await client.post(f"{url}/approve", json={"set_baseline": 1})
    assert refused.status_code == 409
    after = (await client.get(url)).json()
    assert (after["status"], after["decided_by"], after["baseline_number"]) == (
        "submitted",
        None,
        None,
    )
    baseline = (await client.get(f"/v1/projects/{project['id']}/baselines/1")).json()
    assert baseline["name"] == "old"

    replaced = await client.post(
        f"{url}/approve", json={"set_baseline": 1, "replace_baseline": True}
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["baseline_number"] == 1
    baseline = (await client.get(f"/v1/projects/{project['id']}/baselines/1")).json()
    assert baseline["name"] != "old"


async def test_only_managers_or_pmo_decide(client: httpx.AsyncClient, make_token, join) -> None:
    project = await create_project(client)
    member, pmo = await join(project["id"], "member"), make_token("pmo")
    response = await client.post(
        f"/v1/projects/{project['id']}/change-requests",
        json={"title": "By a member"},
        headers=auth(member),
    )
    assert response.status_code == 201, response.text
    url = f"/v1/change-requests/{response.json()['id']}"
    assert (await client.post(f"{url}/submit", headers=auth(member))).status_code == 200
    assert (await client.post(f"{url}/approve", headers=auth(member))).status_code == 403
    assert (await client.post(f"{url}/reject", headers=auth(member))).status_code == 403
    assert (await client.get(url)).json()["status"] == "submitted"
    assert (await client.post(f"{url}/approve", headers=auth(pmo))).status_code == 200


async def test_invalid_bodies(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    url = f"/v1/projects/{project['id']}/change-requests"
    no_currency = await client.post(url, json={"title": "T", "cost_impact": "10.00"})
    assert no_currency.status_code == 422
    as_float = await client.post(url, json={"title": "T", "cost_impact": 10.5, "currency": "EUR"})
    assert as_float.status_code == 422
    change = await _draft(client, project["id"])
    cr_url = f"/v1/change-requests/{change['id']}"
    await client.post(f"{cr_url}/submit")
    bad = await client.post(f"{cr_url}/approve", json={"set_baseline": 11})
    assert bad.status_code == 422
