from __future__ import annotations

import secrets
import uuid

import httpx

from services.governance.deliverables.service import present_deliverables
from shared.db import get_session
from tests.governance.lifecycle_factories import create_project

UNKNOWN = "00000000-0000-4000-8000-000000000000"


async def _project_with_team(projects: httpx.AsyncClient, make_token) -> tuple[str, dict, dict]:
    """A project with a manager and a member (each with their own token headers)."""
    project = await create_project(projects)
    manager, developer = f"mgr-{secrets.token_hex(3)}", f"dev-{secrets.token_hex(3)}"
    for user, role in ((manager, "manager"), (developer, "member")):
        added = await projects.post(
            f"/v1/projects/{project['id']}/members", json={"user_id": user, "role": role}
        )
        assert added.status_code == 201, added.text
    as_manager = {"authorization": f"Bearer {make_token('member', sub=manager)}"}
    as_developer = {"authorization": f"Bearer {make_token('member', sub=developer)}"}
    return project["id"], as_manager, as_developer


async def test_register_submit_accept(client: httpx.AsyncClient, projects, make_token) -> None:
    project_id, as_manager, as_developer = await _project_with_team(projects, make_token)
    path = f"/v1/projects/{project_id}/deliverables"
    created = await client.post(
        path, json={"key": "charter", "name": "Project charter"}, headers=as_developer
    )
    assert created.status_code == 201, created.text
    charter = created.json()
    assert charter["status"] == "planned" and charter["submitted_by"] is None
    one = f"{path}/{charter['id']}"
    submitted = await client.patch(
        one,
        json={"status": "submitted", "url": "https://docs.example/charter"},
        headers=as_developer,
    )
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["submitted_by"].startswith("dev-")
    assert submitted.json()["submitted_at"].endswith("Z")
    refused = await client.patch(one, json={"status": "accepted"}, headers=as_developer)
    assert refused.status_code == 403
    accepted = await client.patch(one, json={"status": "accepted"}, headers=as_manager)
    assert accepted.status_code == 200
    assert accepted.json()["accepted_by"].startswith("mgr-") and accepted.json()["accepted_at"]
    assert accepted.json()["submitted_by"].startswith("dev-")
    listed = await client.get(path, params={"status": "accepted"}, headers=as_developer)
    assert [d["key"] for d in listed.json()["items"]] == ["charter"]
    read = await client.get(one, headers=as_developer)
    assert read.json() == accepted.json() and read.headers["etag"] == accepted.headers["etag"]
    back = await client.patch(one, json={"status": "planned"}, headers=as_manager)
    assert back.json()["submitted_at"] is None and back.json()["accepted_at"] is None


async def test_present_deliverables_are_submitted_or_accepted(
    client: httpx.AsyncClient, projects, governance_app
) -> None:
    project = await create_project(projects)
    path = f"/v1/projects/{project['id']}/deliverables"
    for key, status in (("plan", "planned"), ("charter", "submitted"), ("design", "accepted")):
        response = await client.post(path, json={"key": key, "name": key, "status": status})
        assert response.status_code == 201, response.text
    # The rows are in the test's transaction: read them through the session the app's
    # requests get (the transactional client's override).
    other = uuid.uuid4()
    session_dependency = governance_app.dependency_overrides[get_session]
    async for session in session_dependency():
        present = await present_deliverables(session, [uuid.UUID(project["id"]), other])
    assert present == {
        uuid.UUID(project["id"]): frozenset({"charter", "design"}),
        other: frozenset(),
    }


async def test_refusals_change_nothing(client: httpx.AsyncClient, projects, make_token) -> None:
    project_id, as_manager, as_developer = await _project_with_team(projects, make_token)
    path = f"/v1/projects/{project_id}/deliverables"
    charter = (await client.post(path, json={"key": "charter", "name": "Charter"})).json()
    one = f"{path}/{charter['id']}"
    duplicate = await client.post(path, json={"key": "charter", "name": "Again"})
    assert duplicate.status_code == 409
    outsider = {"authorization": f"Bearer {make_token('member')}"}
    assert (await client.get(path, headers=outsider)).status_code == 404
    hidden = await client.post(path, json={"key": "x", "name": "x"}, headers=outsider)
    assert hidden.status_code == 404
    assert (await client.delete(one, headers=as_developer)).status_code == 403
    unknown_project = await client.post(
        f"/v1/projects/{UNKNOWN}/deliverables", json={"key": "x", "name": "x"}
    )
    assert unknown_project.status_code == 404
    assert (await client.get(f"{path}/{UNKNOWN}")).status_code == 404
    bad_url = await client.patch(one, json={"url": "javascript:alert(1)"})
    assert bad_url.status_code == 422 and bad_url.json()["errors"][0]["field"] == "url"
    null_name = await client.patch(one, json={"name": None})
    assert null_name.status_code == 422
    nul = await client.patch(one, json={"name": "Char\u0000ter"})
    assert nul.status_code == 422
    stale = await client.patch(one, json={"name": "New"}, headers={"if-match": '"7"'})
    assert stale.status_code == 412
    read = (await client.get(one)).json()
    assert read["name"] == "Charter" and read["version"] == charter["version"]
    deleted = await client.delete(one, headers=as_manager)
    assert deleted.status_code == 204
    assert (await client.get(one)).status_code == 404
