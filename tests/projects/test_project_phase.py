"""A project's phase moves only through gate reviews: the governance service, as itself,
sets it (and approves a proposed project); nobody else, and never through PATCH."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.projects.factories import auth, create_project, through_gate

PROBLEM = "application/problem+json"


async def _project(client: httpx.AsyncClient, project_id: str) -> dict:
    response = await client.get(f"/v1/projects/{project_id}")
    assert response.status_code == 200
    return response.json()


async def test_the_governance_service_approves_and_moves_the_phase(
    client: httpx.AsyncClient, governance_token: str
) -> None:
    project = await create_project(client)
    assert project["phase"] is None
    review = str(uuid.uuid4())
    response = await client.post(
        f"/v1/projects/{project['id']}/phase",
        json={"phase": "Planning", "status": "approved", "gate_review_id": review, "note": "Go"},
        headers={**auth(governance_token), "if-match": f'"{project["version"]}"'},
    )
    assert response.status_code == 200, response.text
    moved = response.json()
    assert (moved["phase"], moved["status"]) == ("Planning", "approved")
    assert moved["version"] == project["version"] + 1
    assert response.headers["etag"] == f'"{moved["version"]}"'
    assert (await _project(client, project["id"]))["phase"] == "Planning"
    # The next gate moves the phase alone; the status stays.
    later = await through_gate(client, project["id"], governance_token, None, "Execution")
    assert (later["phase"], later["status"]) == ("Execution", "approved")
    records = await client.get(
        "/v1/audit-records", params={"project_id": project["id"], "entity_type": "projects"}
    )
    changes = [r["changes"] for r in records.json()["items"]]
    moved_fields = {"phase": {"old": None, "new": "Planning"}}
    moved_fields["status"] = {"old": "proposed", "new": "approved"}
    assert moved_fields in changes
    decided_by = {"gate_review_id": {"old": None, "new": review}}
    decided_by["note"] = {"old": None, "new": "Go"}
    assert decided_by in changes


@pytest.mark.parametrize("roles", [("admin",), ("pmo",), ("member",), ("executive",)])
async def test_nobody_else_may_set_the_phase(
    client: httpx.AsyncClient, make_token, roles: tuple[str, ...]
) -> None:
    project = await create_project(client)
    response = await client.post(
        f"/v1/projects/{project['id']}/phase",
        json={"phase": "Planning", "status": "approved"},
        headers=auth(make_token(*roles)),
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert "gate review" in response.json()["detail"]
    unchanged = await _project(client, project["id"])
    assert (unchanged["phase"], unchanged["status"]) == (None, "proposed")
    assert unchanged["version"] == project["version"]


async def test_the_project_manager_cannot_approve_their_own_project(
    client: httpx.AsyncClient, make_token
) -> None:
    """A member who proposes a project manages it, but approving it is the gate's."""
    token = make_token("member")
    project = await create_project(client, headers=auth(token))
    for who in (auth(token), {}):  # the member, then the admin
        response = await client.patch(
            f"/v1/projects/{project['id']}", json={"status": "approved"}, headers=who
        )
        assert response.status_code == 403, response.text
        assert response.json()["detail"] == (
            "Approving a proposed project is a governance decision: its gate review approves it."
        )
    unchanged = await _project(client, project["id"])
    assert (unchanged["status"], unchanged["version"]) == ("proposed", project["version"])


async def test_after_its_approval_the_manager_runs_the_project(
    client: httpx.AsyncClient, make_token, governance_token: str
) -> None:
    token = make_token("member")
    project = await create_project(client, headers=auth(token))
    await through_gate(client, project["id"], governance_token)
    started = await client.patch(
        f"/v1/projects/{project['id']}", json={"status": "active"}, headers=auth(token)
    )
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "active"


async def test_patch_never_changes_the_phase(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    for body in ({"phase": "Execution"}, {"phase": None, "name": "Renamed"}):
        response = await client.patch(f"/v1/projects/{project['id']}", json=body)
        assert response.status_code == 403, response.text
        assert "gate reviews in the governance service" in response.json()["detail"]
    assert (await _project(client, project["id"]))["name"] == project["name"]


async def test_the_status_follows_the_lifecycle(
    client: httpx.AsyncClient, governance_token: str
) -> None:
    project = await create_project(client)
    response = await client.post(
        f"/v1/projects/{project['id']}/phase",
        json={"phase": "Execution", "status": "active"},
        headers=auth(governance_token),
    )
    assert response.status_code == 409
    assert response.json()["from"] == "proposed" and response.json()["to"] == "active"
    assert (await _project(client, project["id"]))["phase"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"phase": ""},
        {"phase": "   "},
        {"phase": "x" * 81},
        {"phase": "Plan\x00ning"},
        {"phase": 7},
        {"phase": "Planning", "status": "launched"},
        {"phase": "Planning", "gate_review_id": "not-a-uuid"},
        {"phase": "Planning", "gate_review_id": 10**30},
        {"phase": "Planning", "note": "n" * 2001},
        {"phase": "Planning", "extra": True},
        {"status": "approved"},
        [],
    ],
)
async def test_bad_input_is_422_and_changes_nothing(
    client: httpx.AsyncClient, governance_token: str, body: object
) -> None:
    project = await create_project(client)
    response = await client.post(
        f"/v1/projects/{project['id']}/phase", json=body, headers=auth(governance_token)
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert (await _project(client, project["id"]))["version"] == project["version"]


async def test_unknown_project_and_stale_version(
    client: httpx.AsyncClient, governance_token: str
) -> None:
    unknown = await client.post(
        f"/v1/projects/{uuid.uuid4()}/phase",
        json={"phase": "Planning"},
        headers=auth(governance_token),
    )
    assert unknown.status_code == 404
    project = await create_project(client)
    stale = await client.post(
        f"/v1/projects/{project['id']}/phase",
        json={"phase": "Planning"},
        headers={**auth(governance_token), "if-match": f'"{project["version"] + 5}"'},
    )
    assert stale.status_code == 412
    assert (await _project(client, project["id"]))["phase"] is None


async def test_the_governance_service_reads_every_project(
    client: httpx.AsyncClient, governance_token: str, make_token
) -> None:
    """It evaluates every project's compliance, so its identity reads them all (a member
    of none of them)."""
    project = await create_project(client, headers=auth(make_token("member")))
    response = await client.get(
        f"/v1/projects/{project['id']}/facts", headers=auth(governance_token)
    )
    assert response.status_code == 200
