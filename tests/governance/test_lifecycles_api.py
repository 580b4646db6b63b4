from __future__ import annotations

import copy

import httpx
import pytest

from tests.governance.lifecycle_factories import (
    create_lifecycle,
    create_project,
    demo_lifecycle,
    published_lifecycle,
)


async def test_draft_publish_retire(client: httpx.AsyncClient) -> None:
    lifecycle = await create_lifecycle(client)
    assert lifecycle["status"] == "draft" and lifecycle["revision"] == 1
    assert [p["key"] for p in lifecycle["phases"]] == ["idea", "approved", "execution", "closure"]
    assert lifecycle["gates"][1]["rules"][0] == {
        "kind": "required_field",
        "params": {"field": "sponsor"},
        "severity": "critical",
    }
    assert lifecycle["gates"][0]["checklist"][0]["required"] is True
    edited = await client.patch(f"/v1/lifecycles/{lifecycle['id']}", json={"name": "Gates"})
    assert edited.status_code == 200 and edited.json()["name"] == "Gates"
    published = await client.post(f"/v1/lifecycles/{lifecycle['id']}/publish")
    assert published.json()["status"] == "published" and published.json()["published_at"]
    read = await client.get(f"/v1/lifecycles/{lifecycle['id']}")
    assert read.json()["gates"] == lifecycle["gates"]
    assert read.headers["etag"] == f'"{published.json()["version"]}"'
    retired = await client.post(f"/v1/lifecycles/{lifecycle['id']}/retire")
    assert retired.json()["status"] == "retired"


async def test_published_revision_is_frozen_and_a_revision_copies_it(
    client: httpx.AsyncClient,
) -> None:
    first = await published_lifecycle(client)
    frozen = await client.patch(f"/v1/lifecycles/{first['id']}", json={"name": "Changed"})
    assert frozen.status_code == 409
    assert frozen.headers["content-type"] == "application/problem+json"
    draft = await client.post(f"/v1/lifecycles/{first['id']}/revisions")
    assert draft.status_code == 201, draft.text
    second = draft.json()
    assert (second["revision"], second["key"], second["status"]) == (2, first["key"], "draft")
    assert second["phases"] == first["phases"] and second["gates"] == first["gates"]
    again = await client.post(f"/v1/lifecycles/{first['id']}/revisions")
    assert again.status_code == 409
    await client.post(f"/v1/lifecycles/{second['id']}/publish")
    assert (await client.get(f"/v1/lifecycles/{first['id']}")).json()["status"] == "retired"
    listed = await client.get("/v1/lifecycles", params={"key": first["key"]})
    assert sorted(lc["revision"] for lc in listed.json()["items"]) == [1, 2]


def _broken(change) -> dict:
    body = copy.deepcopy(demo_lifecycle())
    change(body)
    return body


def _only_one_phase(body: dict) -> None:
    body["phases"] = body["phases"][:1]
    body["gates"] = []


def _duplicate_phase(body: dict) -> None:
    body["phases"][2]["key"] = "approved"


def _skipping_gate(body: dict) -> None:
    body["gates"][0]["to_phase"] = "execution"


def _missing_gate(body: dict) -> None:
    del body["gates"][2]


def _unknown_kind(body: dict) -> None:
    body["gates"][1]["rules"][0]["kind"] = "astrology"


def _wrong_param_type(body: dict) -> None:
    body["gates"][1]["rules"][0]["params"] = {"field": 7}


def _no_approvers(body: dict) -> None:
    body["gates"][0]["approver_roles"] = []


def _unknown_role(body: dict) -> None:
    body["gates"][0]["approver_roles"] = ["janitor"]


def _unknown_status(body: dict) -> None:
    body["phases"][1]["project_status"] = "approvedish"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_only_one_phase, "phases"),
        (_duplicate_phase, "phases.2.key"),
        (_skipping_gate, "gates.0.to_phase"),
        (_missing_gate, "gates"),
        (_unknown_kind, "gates.1.rules.0.kind"),
        (_wrong_param_type, "gates.1.rules.0.params.field"),
        (_no_approvers, "gates.0.approver_roles"),
        (_unknown_role, "gates.0.approver_roles.0"),
        (_unknown_status, "phases.1.project_status"),
    ],
)
async def test_invalid_documents_are_422_and_store_nothing(
    client: httpx.AsyncClient, change, field: str
) -> None:
    body = _broken(change)
    response = await client.post("/v1/lifecycles", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
    listed = await client.get("/v1/lifecycles", params={"key": body["key"]})
    assert listed.json()["items"] == []


async def test_an_invalid_update_changes_nothing(client: httpx.AsyncClient) -> None:
    lifecycle = await create_lifecycle(client)
    gates = copy.deepcopy(lifecycle["gates"])
    gates[1]["rules"][0]["kind"] = "astrology"
    response = await client.patch(f"/v1/lifecycles/{lifecycle['id']}", json={"gates": gates})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "gates.1.rules.0.kind"
    fewer = await client.patch(
        f"/v1/lifecycles/{lifecycle['id']}", json={"phases": lifecycle["phases"][:3]}
    )
    assert fewer.status_code == 422  # the gate into closure would point nowhere
    null = await client.patch(f"/v1/lifecycles/{lifecycle['id']}", json={"phases": None})
    assert null.status_code == 422
    read = (await client.get(f"/v1/lifecycles/{lifecycle['id']}")).json()
    assert read["gates"] == lifecycle["gates"] and read["version"] == lifecycle["version"]


async def test_members_cannot_author(client: httpx.AsyncClient, make_token) -> None:
    member = {"authorization": f"Bearer {make_token('member')}"}
    response = await client.post("/v1/lifecycles", json=demo_lifecycle(), headers=member)
    assert response.status_code == 403
    assert (await client.get("/v1/lifecycles", headers=member)).status_code == 200


async def test_stale_if_match_and_unknown_ids(client: httpx.AsyncClient) -> None:
    lifecycle = await create_lifecycle(client)
    await client.patch(f"/v1/lifecycles/{lifecycle['id']}", json={"name": "v2"})
    stale = await client.post(
        f"/v1/lifecycles/{lifecycle['id']}/publish", headers={"if-match": '"1"'}
    )
    assert stale.status_code == 412
    assert (await client.get(f"/v1/lifecycles/{lifecycle['id']}")).json()["status"] == "draft"
    unknown = "00000000-0000-4000-8000-000000000000"
    assert (await client.get(f"/v1/lifecycles/{unknown}")).status_code == 404
    assert (await client.post(f"/v1/lifecycles/{unknown}/publish")).status_code == 404


async def test_nul_in_a_phase_name_is_422(client: httpx.AsyncClient) -> None:
    body = demo_lifecycle()
    body["phases"][0]["name"] = "Id\u0000ea"
    response = await client.post("/v1/lifecycles", json=body)
    assert response.status_code == 422
    assert (await client.get("/v1/lifecycles", params={"key": body["key"]})).json()["items"] == []


async def test_assign_a_published_revision(client: httpx.AsyncClient, projects) -> None:
    project = await create_project(projects)
    draft = await create_lifecycle(client)
    path = f"/v1/projects/{project['id']}/lifecycle"
    refused = await client.put(path, json={"lifecycle_id": draft["id"]})
    assert refused.status_code == 409
    assert (await client.get(path)).status_code == 404
    published = (await client.post(f"/v1/lifecycles/{draft['id']}/publish")).json()
    assigned = await client.put(path, json={"lifecycle_id": published["id"]})
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["lifecycle_id"] == published["id"]
    assert assigned.json()["assigned_by"] == "pmo-1"
    again = await client.put(path, json={"lifecycle_id": published["id"]})
    assert again.json()["version"] == assigned.json()["version"]
    read = await client.get(path)
    assert read.json() == assigned.json() and read.headers["etag"] == assigned.headers["etag"]


async def test_reassigning_checks_if_match(client: httpx.AsyncClient, projects) -> None:
    project = await create_project(projects)
    first = await published_lifecycle(client)
    second = await published_lifecycle(client)
    path = f"/v1/projects/{project['id']}/lifecycle"
    assigned = (await client.put(path, json={"lifecycle_id": first["id"]})).json()
    stale = await client.put(
        path, json={"lifecycle_id": second["id"]}, headers={"if-match": '"99"'}
    )
    assert stale.status_code == 412
    assert (await client.get(path)).json()["lifecycle_id"] == first["id"]
    moved = await client.put(
        path,
        json={"lifecycle_id": second["id"]},
        headers={"if-match": f'"{assigned["version"]}"'},
    )
    assert moved.status_code == 200 and moved.json()["lifecycle_id"] == second["id"]


async def test_assignment_refusals(client: httpx.AsyncClient, projects, make_token) -> None:
    project = await create_project(projects)
    lifecycle = await published_lifecycle(client)
    unknown = "00000000-0000-4000-8000-000000000000"
    no_project = await client.put(
        f"/v1/projects/{unknown}/lifecycle", json={"lifecycle_id": lifecycle["id"]}
    )
    assert no_project.status_code == 404
    path = f"/v1/projects/{project['id']}/lifecycle"
    no_lifecycle = await client.put(path, json={"lifecycle_id": unknown})
    assert no_lifecycle.status_code == 422
    assert no_lifecycle.json()["errors"][0]["field"] == "lifecycle_id"
    member = {"authorization": f"Bearer {make_token('member')}"}
    forbidden = await client.put(path, json={"lifecycle_id": lifecycle["id"]}, headers=member)
    assert forbidden.status_code == 403
    assert (await client.get(path)).status_code == 404
