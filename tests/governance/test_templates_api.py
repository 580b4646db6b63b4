from __future__ import annotations

import httpx
import pytest

from tests.governance.lifecycle_factories import create_lifecycle, published_lifecycle
from tests.governance.templates import blueprint, create_template, published_template


async def test_create_read_and_list(client: httpx.AsyncClient) -> None:
    template = await create_template(client)
    assert (template["status"], template["revision"], template["version"]) == ("draft", 1, 1)
    assert [t["key"] for t in template["tasks"]] == ["delivery", "design", "build", "launch"]
    assert template["tasks"][3]["constraint"] == {"type": "SNET", "offset_days": 28}
    assert template["dependencies"][1] == {
        "predecessor_key": "build",
        "successor_key": "launch",
        "type": "FS",
        "lag_days": "2",
    }
    assert template["raid"]["risks"][0]["owner_role"] == "manager"
    read = await client.get(f"/v1/templates/{template['id']}")
    assert read.status_code == 200 and read.headers["etag"] == '"1"'
    assert read.json() == template
    listed = await client.get("/v1/templates", params={"key": template["key"]})
    assert listed.json()["items"] == [template]
    by_tag = await client.get("/v1/templates", params={"tag": "delivery", "category": "software"})
    assert template["id"] in [t["id"] for t in by_tag.json()["items"]]


async def test_publish_freezes_the_revision(client: httpx.AsyncClient) -> None:
    template = await published_template(client)
    assert template["status"] == "published" and template["published_at"] is not None
    frozen = await client.patch(f"/v1/templates/{template['id']}", json={"name": "Changed"})
    assert frozen.status_code == 409
    assert frozen.headers["content-type"] == "application/problem+json"
    assert (await client.get(f"/v1/templates/{template['id']}")).json() == template
    again = await client.post(f"/v1/templates/{template['id']}/publish")
    assert again.status_code == 409


async def test_a_new_revision_copies_the_content(client: httpx.AsyncClient) -> None:
    first = await published_template(client)
    response = await client.post(f"/v1/templates/{first['id']}/revisions")
    assert response.status_code == 201, response.text
    draft = response.json()
    assert (draft["key"], draft["revision"], draft["status"]) == (first["key"], 2, "draft")
    content = ("name", "tasks", "dependencies", "raid", "deliverables", "tags", "category")
    assert {f: draft[f] for f in content} == {f: first[f] for f in content}
    assert (await client.post(f"/v1/templates/{first['id']}/revisions")).status_code == 409
    edited = await client.patch(f"/v1/templates/{draft['id']}", json={"tasks": []})
    assert edited.status_code == 422  # the links still name the tasks
    edited = await client.patch(
        f"/v1/templates/{draft['id']}", json={"tasks": [], "dependencies": []}
    )
    assert edited.status_code == 200 and edited.json()["tasks"] == []
    assert (await client.get(f"/v1/templates/{first['id']}")).json()["tasks"] == first["tasks"]
    await client.post(f"/v1/templates/{draft['id']}/publish")
    assert (await client.get(f"/v1/templates/{first['id']}")).json()["status"] == "retired"


async def test_retire_and_invalid_transitions(client: httpx.AsyncClient) -> None:
    draft = await create_template(client)
    refused = await client.post(f"/v1/templates/{draft['id']}/retire")
    assert refused.status_code == 409 and refused.json()["from"] == "draft"
    published = await published_template(client)
    retired = await client.post(f"/v1/templates/{published['id']}/retire")
    assert retired.status_code == 200 and retired.json()["status"] == "retired"


async def test_if_match(client: httpx.AsyncClient) -> None:
    template = await create_template(client)
    url = f"/v1/templates/{template['id']}"
    updated = await client.patch(url, json={"name": "v2"}, headers={"if-match": '"1"'})
    assert updated.status_code == 200 and updated.headers["etag"] == '"2"'
    stale = await client.post(f"{url}/publish", headers={"if-match": '"1"'})
    assert stale.status_code == 412
    assert (await client.get(url)).json()["status"] == "draft"


async def test_members_read_but_cannot_author(client: httpx.AsyncClient, make_token) -> None:
    template = await create_template(client)
    member = {"authorization": f"Bearer {make_token('member')}"}
    assert (await client.post("/v1/templates", json=blueprint(), headers=member)).status_code == 403
    patched = await client.patch(
        f"/v1/templates/{template['id']}", json={"name": "x"}, headers=member
    )
    assert patched.status_code == 403
    assert (await client.get(f"/v1/templates/{template['id']}", headers=member)).status_code == 200


async def test_duplicate_key_and_unknown_template(client: httpx.AsyncClient) -> None:
    template = await create_template(client)
    assert (
        await client.post("/v1/templates", json=blueprint(key=template["key"]))
    ).status_code == 409
    missing = "00000000-0000-4000-8000-000000000000"
    assert (await client.get(f"/v1/templates/{missing}")).status_code == 404
    assert (await client.post(f"/v1/templates/{missing}/publish")).status_code == 404


CYCLE = [
    {"predecessor_key": "design", "successor_key": "build"},
    {"predecessor_key": "build", "successor_key": "launch"},
    {"predecessor_key": "launch", "successor_key": "design"},
]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"dependencies": CYCLE}, "dependencies"),
        # A link into the summary reaches its leaves: launch -> delivery -> design -> ...
        (
            {
                "dependencies": [
                    {"predecessor_key": "design", "successor_key": "launch"},
                    {"predecessor_key": "launch", "successor_key": "delivery"},
                ]
            },
            "dependencies",
        ),
        ({"tasks": [{"key": "a", "name": "A"}, {"key": "a", "name": "B"}]}, "tasks.key"),
        ({"tasks": [{"key": "a", "name": "A", "parent_key": "zz"}]}, "tasks.0.parent_key"),
        (
            {
                "tasks": [
                    {"key": "a", "name": "A", "parent_key": "b"},
                    {"key": "b", "name": "B", "parent_key": "a"},
                ]
            },
            "tasks.0.parent_key",
        ),
        ({"dependencies": [{"predecessor_key": "design", "successor_key": "nope"}]}, None),
        ({"dependencies": [{"predecessor_key": "delivery", "successor_key": "design"}]}, None),
        ({"tasks": [{"key": "x", "name": "X", "duration_days": "-1"}]}, "tasks.0.duration_days"),
        ({"tasks": [{"key": "x", "name": "X", "constraint": {"type": "MSO"}}]}, None),
        ({"tasks": [{"key": "bad key", "name": "X"}]}, "tasks.0.key"),
        ({"lifecycle_key": "a", "lifecycle_id": "00000000-0000-4000-8000-000000000000"}, None),
        ({"tasks": [{"key": f"t{i}", "name": "T"} for i in range(501)]}, "tasks"),
        ({"deliverables": [{"key": "d", "name": "D"}, {"key": "d", "name": "E"}]}, None),
    ],
)
async def test_inconsistent_blueprints_are_422_and_change_nothing(
    client: httpx.AsyncClient, change: dict, field: str | None
) -> None:
    body = blueprint(**change)
    if "tasks" in change and "dependencies" not in change:
        body["dependencies"] = []
    created = await client.post("/v1/templates", json=body)
    assert created.status_code == 422, created.text
    assert created.headers["content-type"] == "application/problem+json"
    if field is not None:
        assert field in {e["field"] for e in created.json()["errors"]}, created.json()
    assert (await client.get("/v1/templates", params={"key": body["key"]})).json()["items"] == []
    template = await create_template(client)
    patch = {k: v for k, v in body.items() if k in change or k == "dependencies"}
    patched = await client.patch(f"/v1/templates/{template['id']}", json=patch)
    assert patched.status_code == 422, patched.text
    assert (await client.get(f"/v1/templates/{template['id']}")).json() == template


async def test_the_cycle_is_named(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/templates", json=blueprint(dependencies=CYCLE))
    [error] = response.json()["errors"]
    assert error["field"] == "dependencies"
    assert "design" in error["message"] and "launch" in error["message"]


async def test_nul_strings_are_422(client: httpx.AsyncClient) -> None:
    body = blueprint(name="Bad\u0000name")
    response = await client.post("/v1/templates", json=body)
    assert response.status_code == 422
    assert (await client.get("/v1/templates", params={"key": body["key"]})).json()["items"] == []


async def test_publish_checks_the_standards_it_names(client: httpx.AsyncClient) -> None:
    template = await create_template(client, standard_keys=["no-such-standard"])
    refused = await client.post(f"/v1/templates/{template['id']}/publish")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "standard_keys"
    standard = (await client.post("/v1/standards", json={"key": "tpl-std-x", "title": "S"})).json()
    await client.post(f"/v1/standards/{standard['id']}/publish")
    await client.patch(f"/v1/templates/{template['id']}", json={"standard_keys": ["tpl-std-x"]})
    published = await client.post(f"/v1/templates/{template['id']}/publish")
    assert published.status_code == 200, published.text


async def test_publish_needs_a_published_lifecycle(client: httpx.AsyncClient) -> None:
    lifecycle = await create_lifecycle(client)
    phased = [
        {"key": "charter", "name": "Project charter", "phase": "idea"},
        {"key": "design-doc", "name": "Design document", "phase": "execution"},
    ]
    by_key = await create_template(client, lifecycle_key=lifecycle["key"], deliverables=phased)
    refused = await client.post(f"/v1/templates/{by_key['id']}/publish")
    assert refused.status_code == 409
    assert refused.json()["errors"] == [
        {"field": "lifecycle_key", "message": "no published lifecycle revision matches"}
    ]
    assert (await client.get(f"/v1/templates/{by_key['id']}")).json()["status"] == "draft"
    await client.post(f"/v1/lifecycles/{lifecycle['id']}/publish")
    published = await client.post(f"/v1/templates/{by_key['id']}/publish")
    assert published.status_code == 200, published.text


async def test_deliverable_phases_must_be_phases_of_the_lifecycle(
    client: httpx.AsyncClient,
) -> None:
    lifecycle = await published_lifecycle(client)
    wrong = [{"key": "charter", "name": "Charter", "phase": "nowhere"}]
    by_id = await create_template(client, lifecycle_id=lifecycle["id"], deliverables=wrong)
    refused = await client.post(f"/v1/templates/{by_id['id']}/publish")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "deliverables.0.phase"
    no_lifecycle = await create_template(client, deliverables=wrong)
    refused = await client.post(f"/v1/templates/{no_lifecycle['id']}/publish")
    assert refused.status_code == 409 and refused.json()["errors"][0]["field"] == "deliverables"


async def test_one_lifecycle_reference_replaces_the_other(client: httpx.AsyncClient) -> None:
    lifecycle = await published_lifecycle(client)
    template = await create_template(client, lifecycle_id=lifecycle["id"])
    url = f"/v1/templates/{template['id']}"
    by_key = (await client.patch(url, json={"lifecycle_key": lifecycle["key"]})).json()
    assert (by_key["lifecycle_key"], by_key["lifecycle_id"]) == (lifecycle["key"], None)
    by_id = (await client.patch(url, json={"lifecycle_id": lifecycle["id"]})).json()
    assert (by_id["lifecycle_key"], by_id["lifecycle_id"]) == (None, lifecycle["id"])
