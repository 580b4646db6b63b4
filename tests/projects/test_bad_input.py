"""Every kind of bad request gets problem+json with the right status, and changes nothing."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.projects.factories import auth, create_project, through_gate

PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= body.keys()
    return body


async def assert_unchanged(client: httpx.AsyncClient, project: dict) -> None:
    current = (await client.get(f"/v1/projects/{project['id']}")).json()
    assert current == project


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    response = await client.patch(
        f"/v1/projects/{project['id']}",
        content=b'{"name": "x",',
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 400)
    await assert_unchanged(client, project)


async def test_wrong_type_names_the_field(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    response = await client.patch(f"/v1/projects/{project['id']}", json={"priority": 7})
    body = assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["priority"]
    await assert_unchanged(client, project)


async def test_money_as_float_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/projects", json={"code": "F1", "name": "x", "budget": 10.5, "currency": "EUR"}
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["field"] == "budget"


async def test_unknown_field_in_strict_body(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    response = await client.patch(f"/v1/projects/{project['id']}", json={"nmae": "typo"})
    body = assert_problem(response, 422)
    assert body["errors"][0]["field"] == "nmae"
    await assert_unchanged(client, project)


async def test_unknown_id_is_404(client: httpx.AsyncClient) -> None:
    missing = uuid.uuid4()
    assert_problem(await client.get(f"/v1/projects/{missing}"), 404)
    assert_problem(await client.patch(f"/v1/projects/{missing}", json={"name": "x"}), 404)
    assert_problem(await client.get(f"/v1/tasks/{missing}"), 404)


async def test_malformed_id_is_422(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.get("/v1/projects/not-a-uuid"), 422)
    assert body["errors"][0]["field"] == "project_id"


async def test_unknown_route_and_method(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/nothing-here"), 404)
    assert_problem(await client.put("/v1/projects"), 405)


async def test_page_size_over_maximum(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.get("/v1/projects", params={"limit": 501}), 422)
    assert body["errors"][0]["field"] == "limit"
    assert_problem(await client.get("/v1/projects", params={"cursor": "garbage!"}), 422)


async def test_stale_if_match_is_412(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    ok = await client.patch(
        f"/v1/projects/{project['id']}", json={"name": "Renamed"}, headers={"if-match": '"1"'}
    )
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"'
    stale = await client.patch(
        f"/v1/projects/{project['id']}", json={"name": "Lost update"}, headers={"if-match": '"1"'}
    )
    assert_problem(stale, 412)
    current = (await client.get(f"/v1/projects/{project['id']}")).json()
    assert current["name"] == "Renamed" and current["version"] == 2


async def test_invalid_status_transition_is_409(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    body = assert_problem(
        await client.patch(f"/v1/projects/{project['id']}", json={"status": "completed"}), 409
    )
    assert body["from"] == "proposed" and body["to"] == "completed"
    await assert_unchanged(client, project)


async def test_allowed_transitions_walk_the_lifecycle(
    client: httpx.AsyncClient, governance_token: str
) -> None:
    project = await create_project(client)
    await through_gate(client, project["id"], governance_token)
    for status in ("active", "on_hold", "active", "completed"):
        response = await client.patch(f"/v1/projects/{project['id']}", json={"status": status})
        assert response.status_code == 200, response.text
    assert_problem(
        await client.patch(f"/v1/projects/{project['id']}", json={"status": "active"}), 409
    )


async def test_missing_and_expired_token(client: httpx.AsyncClient, make_token) -> None:
    project = await create_project(client)
    no_token = await client.get(f"/v1/projects/{project['id']}", headers={"authorization": ""})
    assert_problem(no_token, 401)
    assert no_token.headers["www-authenticate"] == "Bearer"
    expired = make_token("admin", ttl_seconds=-120)
    assert_problem(await client.get(f"/v1/projects/{project['id']}", headers=auth(expired)), 401)
    forged = make_token("admin")[:-4] + "AAAA"
    assert_problem(await client.get(f"/v1/projects/{project['id']}", headers=auth(forged)), 401)


async def test_role_without_the_right_is_403(client: httpx.AsyncClient, make_token) -> None:
    executive = make_token("executive")
    response = await client.post(
        "/v1/projects", json={"code": "EXEC-1", "name": "x"}, headers=auth(executive)
    )
    assert_problem(response, 403)
    project = await create_project(client)
    # Executives read everything but change nothing.
    assert (await client.get(f"/v1/projects/{project['id']}", headers=auth(executive))).is_success
    patch = await client.patch(
        f"/v1/projects/{project['id']}", json={"name": "x"}, headers=auth(executive)
    )
    assert_problem(patch, 403)
    await assert_unchanged(client, project)


async def test_viewer_reads_but_cannot_write(client: httpx.AsyncClient, make_token) -> None:
    project = await create_project(client)
    viewer = make_token("member", sub="viewer-1")
    added = await client.post(
        f"/v1/projects/{project['id']}/members", json={"user_id": "viewer-1", "role": "viewer"}
    )
    assert added.status_code == 201
    assert (await client.get(f"/v1/projects/{project['id']}", headers=auth(viewer))).is_success
    response = await client.post(
        f"/v1/projects/{project['id']}/tasks", json={"name": "x"}, headers=auth(viewer)
    )
    assert_problem(response, 403)


async def test_body_over_the_size_limit_is_413(client: httpx.AsyncClient) -> None:
    huge = {"code": "BIG", "name": "x", "description": "x" * 2_000_000}
    assert_problem(await client.post("/v1/projects", json=huge), 413)
    listed = (await client.get("/v1/projects", params={"q": "BIG"})).json()
    assert listed["items"] == []


async def test_wrong_media_type_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/projects", content=b"code=X", headers={"content-type": "text/plain"}
    )
    assert_problem(response, 415)


async def test_duplicate_code_is_409(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    response = await client.post("/v1/projects", json={"code": project["code"], "name": "Again"})
    assert_problem(response, 409)


@pytest.mark.parametrize(
    "body,field",
    [
        ({"name": "x", "duration_days": "-1"}, "duration_days"),
        ({"name": "x", "percent_complete": "101"}, "percent_complete"),
        ({"name": ""}, "name"),
    ],
)
async def test_task_validation(client: httpx.AsyncClient, body: dict, field: str) -> None:
    project = await create_project(client)
    response = await client.post(f"/v1/projects/{project['id']}/tasks", json=body)
    assert assert_problem(response, 422)["errors"][0]["field"] == field


async def test_task_parent_from_another_project_is_refused(client: httpx.AsyncClient) -> None:
    first, second = await create_project(client), await create_project(client)
    parent = await client.post(f"/v1/projects/{first['id']}/tasks", json={"name": "P"})
    response = await client.post(
        f"/v1/projects/{second['id']}/tasks",
        json={"name": "child", "parent_id": parent.json()["id"]},
    )
    assert assert_problem(response, 422)["errors"][0]["field"] == "parent_id"
