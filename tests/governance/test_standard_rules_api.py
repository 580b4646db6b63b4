"""Rules on standards: written while the revision is a draft, frozen with it when it is
published, copied into a new revision; the kind and its parameters are checked on write."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.governance.factories import add_rule, create_standard, publish
from tests.governance.kinds import HAS_TAG, MIN_TASKS

pytestmark = pytest.mark.usefixtures("test_kinds")


async def test_add_list_get_a_rule(client: httpx.AsyncClient) -> None:
    standard = await create_standard(client)
    rule = await add_rule(
        client,
        standard["id"],
        severity="critical",
        weight="2.5",
        title="ERP projects say so",
        scope={"project_statuses": ["active"], "tags": ["erp"]},
    )
    assert rule["kind"] == HAS_TAG and rule["params"] == {"tag": "erp"}
    assert rule["severity"] == "critical" and rule["weight"] == 2.5
    assert rule["scope"] == {
        "portfolio_ids": [],
        "project_statuses": ["active"],
        "phases": [],
        "tags": ["erp"],
    }
    second = await add_rule(client, standard["id"], kind=MIN_TASKS, params={"min_tasks": 3})
    assert second["params"] == {"min_tasks": 3, "max_share": 0.5}, "defaults are stored"
    assert second["severity"] == "major" and second["weight"] == 1

    listed = await client.get(f"/v1/standards/{standard['id']}/rules")
    assert [r["id"] for r in listed.json()["items"]] == [rule["id"], second["id"]]
    one = await client.get(f"/v1/standards/{standard['id']}/rules/{rule['id']}")
    assert one.json() == rule and one.headers["etag"] == '"1"'
    read = await client.get(f"/v1/standards/{standard['id']}")
    assert read.json()["rule_count"] == 2


async def test_rule_kinds_are_listed_with_their_schemas(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/rule-kinds")
    assert response.status_code == 200
    kinds = {k["name"]: k for k in response.json()["items"]}
    assert kinds[MIN_TASKS]["params_schema"]["properties"]["min_tasks"]["type"] == "integer"
    assert kinds[MIN_TASKS]["title"] == "Enough tasks" and kinds[MIN_TASKS]["category"]


async def test_unknown_kind_is_422_listing_the_known_ones(client: httpx.AsyncClient) -> None:
    standard = await create_standard(client)
    url = f"/v1/standards/{standard['id']}/rules"
    response = await client.post(url, json={"kind": "no_such_kind", "params": {}})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "kind" and HAS_TAG in error["message"]
    assert (await client.get(url)).json()["items"] == []


async def test_parameters_of_the_wrong_type_are_422_with_their_path(
    client: httpx.AsyncClient,
) -> None:
    standard = await create_standard(client)
    url = f"/v1/standards/{standard['id']}/rules"
    wrong_type = await client.post(url, json={"kind": MIN_TASKS, "params": {"min_tasks": "3"}})
    assert wrong_type.status_code == 422
    assert [e["field"] for e in wrong_type.json()["errors"]] == ["params.min_tasks"]
    unknown = await client.post(
        url, json={"kind": MIN_TASKS, "params": {"min_tasks": 1, "typo": 2}}
    )
    assert [e["field"] for e in unknown.json()["errors"]] == ["params.typo"]
    missing = await client.post(url, json={"kind": MIN_TASKS})
    assert [e["field"] for e in missing.json()["errors"]] == ["params.min_tasks"]
    huge = await client.post(url, json={"kind": HAS_TAG, "params": {"tag": 10**30}})
    assert [e["field"] for e in huge.json()["errors"]] == ["params.tag"]
    assert (await client.get(url)).json()["items"] == []


async def test_bad_rule_fields_are_422(client: httpx.AsyncClient) -> None:
    standard = await create_standard(client)
    url = f"/v1/standards/{standard['id']}/rules"
    base = {"kind": HAS_TAG, "params": {"tag": "x"}}
    for field, value in (
        ("severity", "blocker"),
        ("weight", 0),
        ("weight", "-1"),
        ("scope", {"project_statuses": ["sleeping"]}),
        ("scope", {"portfolio_ids": ["not-a-uuid"]}),
        ("title", "x\u0000y"),
    ):
        response = await client.post(url, json={**base, field: value})
        assert response.status_code == 422, (field, value, response.text)
    assert (await client.get(url)).json()["items"] == []


async def test_update_and_delete_with_if_match(client: httpx.AsyncClient) -> None:
    standard = await create_standard(client)
    rule = await add_rule(client, standard["id"])
    url = f"/v1/standards/{standard['id']}/rules/{rule['id']}"
    changed = await client.patch(
        url,
        json={"kind": MIN_TASKS, "params": {"min_tasks": 5}, "weight": 3, "title": None},
        headers={"if-match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["kind"] == MIN_TASKS and changed.json()["weight"] == 3
    assert changed.headers["etag"] == '"2"'
    stale = await client.patch(url, json={"severity": "info"}, headers={"if-match": '"1"'})
    assert stale.status_code == 412
    assert (await client.get(url)).json()["severity"] == "major"
    stale_delete = await client.delete(url, headers={"if-match": '"1"'})
    assert stale_delete.status_code == 412
    assert (await client.delete(url, headers={"if-match": '"2"'})).status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_changing_the_kind_checks_the_params_against_it(client: httpx.AsyncClient) -> None:
    standard = await create_standard(client)
    rule = await add_rule(client, standard["id"])
    url = f"/v1/standards/{standard['id']}/rules/{rule['id']}"
    response = await client.patch(url, json={"kind": MIN_TASKS})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"params.min_tasks", "params.tag"}
    wrong = await client.patch(url, json={"params": {"tag": 5}})
    assert [e["field"] for e in wrong.json()["errors"]] == ["params.tag"]
    assert (await client.get(url)).json() == rule


async def test_a_published_revision_s_rules_are_frozen(client: httpx.AsyncClient) -> None:
    standard = await create_standard(client)
    rule = await add_rule(client, standard["id"])
    await publish(client, standard["id"])
    rules = f"/v1/standards/{standard['id']}/rules"
    url = f"{rules}/{rule['id']}"
    added = await client.post(rules, json={"kind": HAS_TAG, "params": {"tag": "x"}})
    assert added.status_code == 409
    assert added.headers["content-type"] == "application/problem+json"
    assert (await client.patch(url, json={"weight": 2})).status_code == 409
    assert (await client.delete(url)).status_code == 409
    assert (await client.get(url)).json() == rule
    retired = await client.post(f"/v1/standards/{standard['id']}/retire")
    assert retired.status_code == 200
    assert (await client.patch(url, json={"weight": 2})).status_code == 409


async def test_a_new_revision_copies_the_rules(client: httpx.AsyncClient) -> None:
    standard = await create_standard(client)
    first = await add_rule(client, standard["id"], scope={"tags": ["a"]})
    second = await add_rule(client, standard["id"], kind=MIN_TASKS, params={"min_tasks": 2})
    await publish(client, standard["id"])
    draft = (await client.post(f"/v1/standards/{standard['id']}/revisions")).json()
    assert draft["rule_count"] == 2
    copies = (await client.get(f"/v1/standards/{draft['id']}/rules")).json()["items"]
    assert [c["kind"] for c in copies] == [first["kind"], second["kind"]]
    assert copies[0]["scope"] == first["scope"] and copies[1]["params"] == second["params"]
    assert {c["id"] for c in copies}.isdisjoint({first["id"], second["id"]})
    # The draft's copies change; the published originals do not.
    edit = await client.patch(
        f"/v1/standards/{draft['id']}/rules/{copies[0]['id']}", json={"severity": "minor"}
    )
    assert edit.status_code == 200
    original = await client.get(f"/v1/standards/{standard['id']}/rules/{first['id']}")
    assert original.json()["severity"] == "major"


async def test_unknown_standard_or_rule_is_404(client: httpx.AsyncClient) -> None:
    standard = await create_standard(client)
    other = await create_standard(client)
    rule = await add_rule(client, other["id"])
    missing = uuid.uuid4()
    assert (await client.get(f"/v1/standards/{missing}/rules")).status_code == 404
    post = await client.post(f"/v1/standards/{missing}/rules", json={"kind": HAS_TAG})
    assert post.status_code == 404
    wrong_parent = f"/v1/standards/{standard['id']}/rules/{rule['id']}"
    assert (await client.get(wrong_parent)).status_code == 404
    assert (await client.patch(wrong_parent, json={"weight": 2})).status_code == 404
    assert (await client.delete(wrong_parent)).status_code == 404


async def test_members_read_rules_but_cannot_write_them(
    client: httpx.AsyncClient, make_token
) -> None:
    standard = await create_standard(client)
    rule = await add_rule(client, standard["id"])
    member = {"authorization": f"Bearer {make_token('member')}"}
    rules = f"/v1/standards/{standard['id']}/rules"
    assert (await client.get(rules, headers=member)).status_code == 200
    post = await client.post(rules, json={"kind": HAS_TAG, "params": {"tag": "x"}}, headers=member)
    assert post.status_code == 403
    patch = await client.patch(f"{rules}/{rule['id']}", json={"weight": 2}, headers=member)
    assert patch.status_code == 403
    assert (await client.delete(f"{rules}/{rule['id']}", headers=member)).status_code == 403
    assert (await client.get("/v1/rule-kinds", headers=member)).status_code == 200
