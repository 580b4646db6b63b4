"""A service token through governance: its scope decides what it may do, and the projects
service (asked with the forwarded token) decides which projects it reaches."""

from __future__ import annotations

import httpx

from shared.auth import mint_integration_token
from tests.conftest import JWT_SECRET
from tests.governance.lifecycle_factories import create_project


def _auth(scope: str, project_id: str) -> dict[str, str]:
    token = mint_integration_token(JWT_SECRET, name="docs", scope=scope, project_ids=[project_id])
    return {"authorization": f"Bearer {token}"}


async def test_a_service_token_registers_deliverables_of_its_project_only(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    mine, other = await create_project(projects), await create_project(projects)
    token = _auth("projects:read status:write", mine["id"])
    body = {"key": "charter", "name": "Project charter"}
    created = await client.post(f"/v1/projects/{mine['id']}/deliverables", json=body, headers=token)
    assert created.status_code == 201, created.text
    listed = await client.get(f"/v1/projects/{mine['id']}/deliverables", headers=token)
    assert [d["key"] for d in listed.json()["items"]] == ["charter"]

    elsewhere = await client.post(
        f"/v1/projects/{other['id']}/deliverables", json=body, headers=token
    )
    assert elsewhere.status_code == 404, elsewhere.text
    # Accepting a deliverable is a manager's decision, never a service token's.
    accepted = await client.patch(
        f"/v1/projects/{mine['id']}/deliverables/{created.json()['id']}",
        json={"status": "accepted"},
        headers=token,
    )
    assert accepted.status_code == 403, accepted.text


async def test_without_the_scope_or_on_closed_operations_it_gets_403(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    project = await create_project(projects)
    token = _auth("projects:read tasks:write", project["id"])
    body = {"key": "charter", "name": "Project charter"}
    response = await client.post(
        f"/v1/projects/{project['id']}/deliverables", json=body, headers=token
    )
    assert response.status_code == 403 and response.json()["missing_scope"] == "status:write"
    standard = await client.post("/v1/standards", json={"name": "Sneaky"}, headers=token)
    assert standard.status_code == 403, standard.text
