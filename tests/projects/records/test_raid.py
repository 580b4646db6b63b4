from __future__ import annotations

import httpx
import pytest

from tests.projects.factories import add_task, auth, create_project


async def test_risk_crud_with_score(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    task = await add_task(client, project["id"])
    created = await client.post(
        f"/v1/projects/{project['id']}/risks",
        json={
            "title": "Vendor slips",
            "probability": 4,
            "impact": 3,
            "response_strategy": "mitigate",
            "mitigation": "Second supplier",
            "trigger": "Missed delivery",
            "due_date": "2026-05-01",
            "residual_score": 6,
            "task_ids": [task["id"]],
        },
    )
    assert created.status_code == 201, created.text
    risk = created.json()
    assert created.headers["location"] == f"/v1/risks/{risk['id']}"
    assert (risk["score"], risk["status"], risk["task_ids"]) == (12, "open", [task["id"]])

    fetched = await client.get(f"/v1/risks/{risk['id']}")
    assert fetched.json()["score"] == 12
    assert fetched.headers["etag"] == '"1"'

    patched = await client.patch(
        f"/v1/risks/{risk['id']}",
        json={"impact": 5, "status": "occurred"},
        headers={"If-Match": fetched.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["score"], patched.json()["version"]) == (20, 2)

    deleted = await client.delete(f"/v1/risks/{risk['id']}", headers={"If-Match": '"2"'})
    assert deleted.status_code == 204
    assert (await client.get(f"/v1/risks/{risk['id']}")).status_code == 404


@pytest.mark.parametrize(
    ("kind", "body", "field", "value"),
    [
        ("issues", {"title": "Server down", "severity": "critical"}, "resolution", "Rebooted"),
        ("assumptions", {"title": "Budget holds"}, "validated_by", "cfo"),
        ("decisions", {"title": "Use Postgres", "decision": "Postgres 17"}, "rationale", "Known"),
    ],
)
async def test_other_kinds_round_trip(
    client: httpx.AsyncClient, kind: str, body: dict, field: str, value: str
) -> None:
    project = await create_project(client)
    created = await client.post(f"/v1/projects/{project['id']}/{kind}", json=body)
    assert created.status_code == 201, created.text
    entry = created.json()
    patched = await client.patch(f"/v1/{kind}/{entry['id']}", json={field: value})
    assert patched.status_code == 200, patched.text
    assert patched.json()[field] == value
    listed = (await client.get(f"/v1/projects/{project['id']}/{kind}")).json()
    assert [e["id"] for e in listed["items"]] == [entry["id"]]


async def test_issue_list_filters_by_status_and_pages(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    url = f"/v1/projects/{project['id']}/issues"
    for i, state in enumerate(("open", "resolved", "open", "in_progress")):
        response = await client.post(url, json={"title": f"I{i}", "status": state})
        assert response.status_code == 201, response.text

    # One test is one transaction: created_at ties, so sort by title.
    open_ones = (await client.get(url, params={"status": "open", "sort": "title"})).json()
    assert [i["title"] for i in open_ones["items"]] == ["I0", "I2"]
    several = await client.get(
        url, params=[("status", "open"), ("status", "in_progress"), ("sort", "title")]
    )
    assert [i["title"] for i in several.json()["items"]] == ["I0", "I2", "I3"]

    first = (await client.get(url, params={"limit": 3, "sort": "title"})).json()
    rest = (
        await client.get(url, params={"limit": 3, "sort": "title", "cursor": first["next_cursor"]})
    ).json()
    assert [i["title"] for i in first["items"] + rest["items"]] == ["I0", "I1", "I2", "I3"]
    assert rest["next_cursor"] is None
    assert (await client.get(url, params={"status": "bogus"})).status_code == 422


async def test_probability_out_of_range_is_422(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    url = f"/v1/projects/{project['id']}/risks"
    response = await client.post(url, json={"title": "R", "probability": 6, "impact": 1})
    assert response.status_code == 422
    assert any("probability" in e["field"] for e in response.json()["errors"])
    risk = (await client.post(url, json={"title": "R", "probability": 1, "impact": 1})).json()
    bad_patch = await client.patch(f"/v1/risks/{risk['id']}", json={"residual_score": 26})
    assert bad_patch.status_code == 422
    cleared = await client.patch(f"/v1/risks/{risk['id']}", json={"probability": None})
    assert cleared.status_code == 422
    assert cleared.json()["errors"] == [{"field": "probability", "message": "may not be null"}]


async def test_task_of_another_project_is_422(client: httpx.AsyncClient) -> None:
    project, other = await create_project(client), await create_project(client)
    foreign = await add_task(client, other["id"])
    response = await client.post(
        f"/v1/projects/{project['id']}/decisions",
        json={"title": "D", "decision": "Go", "task_ids": [foreign["id"]]},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "task_ids"
    own = await add_task(client, project["id"])
    ok = await client.post(
        f"/v1/projects/{project['id']}/assumptions", json={"title": "A", "task_ids": [own["id"]]}
    )
    patched = await client.patch(
        f"/v1/assumptions/{ok.json()['id']}", json={"task_ids": [own["id"], foreign["id"]]}
    )
    assert patched.status_code == 422
    assert patched.json()["errors"][0]["field"] == "task_ids"


async def test_stale_if_match_is_412(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    issue = (await client.post(f"/v1/projects/{project['id']}/issues", json={"title": "I"})).json()
    await client.patch(f"/v1/issues/{issue['id']}", json={"owner": "ann"})
    stale = await client.patch(
        f"/v1/issues/{issue['id']}", json={"owner": "bob"}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    gone = await client.delete(f"/v1/issues/{issue['id']}", headers={"If-Match": '"1"'})
    assert gone.status_code == 412


async def test_access_rules(client: httpx.AsyncClient, make_token, join) -> None:
    project = await create_project(client)
    risk = (
        await client.post(
            f"/v1/projects/{project['id']}/risks",
            json={"title": "R", "probability": 2, "impact": 2},
        )
    ).json()
    viewer, outsider = await join(project["id"], "viewer"), make_token("member")
    url = f"/v1/projects/{project['id']}/risks"
    body = {"title": "R2", "probability": 1, "impact": 1}
    assert (await client.post(url, json=body, headers=auth(viewer))).status_code == 403
    assert (await client.get(url, headers=auth(viewer))).status_code == 200
    patch = await client.patch(f"/v1/risks/{risk['id']}", json={"title": "x"}, headers=auth(viewer))
    assert patch.status_code == 403
    assert (await client.post(url, json=body, headers=auth(outsider))).status_code == 404
    assert (await client.get(f"/v1/risks/{risk['id']}", headers=auth(outsider))).status_code == 404
