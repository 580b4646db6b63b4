"""The resource pool: people and generic roles, managed by admin and pmo, read by everyone
signed in; their cost rates over time and their time off."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import httpx
import pytest

from tests.projects.factories import auth, create_project

PROBLEM = "application/problem+json"


async def create_resource(client: httpx.AsyncClient, **fields: Any) -> dict:
    body = {"kind": "person", "name": f"Person {secrets.token_hex(3)}", **fields}
    response = await client.post("/v1/resources", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_resource_crud(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/v1/resources",
        json={
            "kind": "person",
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "role_name": "Analyst",
            "skills": ["python", "sql"],
            "max_units": "0.8",
        },
    )
    assert created.status_code == 201, created.text
    resource = created.json()
    assert created.headers["location"] == f"/v1/resources/{resource['id']}"
    assert created.headers["etag"] == '"1"'
    assert (resource["max_units"], resource["skills"], resource["active"]) == (
        "0.80",
        ["python", "sql"],
        True,
    )
    fetched = await client.get(f"/v1/resources/{resource['id']}")
    assert fetched.json() == resource

    stale = await client.patch(
        f"/v1/resources/{resource['id']}", json={"name": "Late"}, headers={"if-match": '"7"'}
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == PROBLEM
    assert (await client.get(f"/v1/resources/{resource['id']}")).json()["name"] == "Ada Lovelace"

    patched = await client.patch(
        f"/v1/resources/{resource['id']}",
        json={"max_units": "1", "active": False, "role_name": None},
        headers={"if-match": fetched.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["max_units"], body["active"], body["role_name"], body["version"]) == (
        "1.00",
        False,
        None,
        2,
    )
    deleted = await client.delete(f"/v1/resources/{resource['id']}", headers={"if-match": '"2"'})
    assert deleted.status_code == 204
    assert (await client.get(f"/v1/resources/{resource['id']}")).status_code == 404


async def test_list_filters(client: httpx.AsyncClient) -> None:
    tag = secrets.token_hex(4)
    dev = await create_resource(client, name=f"Dev {tag}", skills=[f"rust-{tag}", "go"])
    role = await create_resource(
        client, kind="role", name=f"Senior developer {tag}", skills=[f"rust-{tag}"]
    )
    idle = await create_resource(client, name=f"Idle {tag}", active=False)

    async def names(**params: Any) -> list[str]:
        response = await client.get("/v1/resources", params={"q": tag, **params})
        assert response.status_code == 200, response.text
        return sorted(item["id"] for item in response.json()["items"])

    assert await names() == sorted([dev["id"], role["id"], idle["id"]])
    assert await names(kind="role") == [role["id"]]
    assert await names(skill=f"rust-{tag}") == sorted([dev["id"], role["id"]])
    assert await names(skill=f"rust-{tag}", kind="person") == [dev["id"]]
    assert await names(active="false") == [idle["id"]]
    assert await names(q="no such name at all") == []
    first = await client.get("/v1/resources", params={"q": tag, "limit": 2, "sort": "name"})
    rest = await client.get(
        "/v1/resources", params={"q": tag, "sort": "name", "cursor": first.json()["next_cursor"]}
    )
    paged = [i["name"] for i in first.json()["items"] + rest.json()["items"]]
    assert paged == sorted([dev["name"], role["name"], idle["name"]])


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "person", "name": "x", "max_units": "0"},
        {"kind": "person", "name": "x", "max_units": "-1"},
        {"kind": "person", "name": "x", "max_units": "10.01"},
        {"kind": "person", "name": "x", "max_units": "1e9"},
        {"kind": "robot", "name": "x"},
        {"kind": "person", "name": ""},
        {"kind": "person", "name": "a\u0000b"},
        {"kind": "person", "name": "x", "skills": ["ok", "bad\u0000"]},
        {"kind": "role", "name": "Tester", "email": "t@example.org"},
        {"kind": "person", "name": "x", "external_source": "hr"},
        {"kind": "person", "name": "x", "calendar_id": str(uuid.uuid4())},
        {"kind": "person", "name": "x", "surprise": 1},
    ],
)
async def test_bad_resources_are_refused(client: httpx.AsyncClient, body: dict) -> None:
    tag = secrets.token_hex(4)
    response = await client.post("/v1/resources", json={**body, "role_name": tag})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    listed = await client.get("/v1/resources", params={"q": tag})
    assert listed.json()["items"] == []


async def test_calendar_of_a_project_may_be_used(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    calendar = await client.post(
        f"/v1/projects/{project['id']}/calendars", json={"name": "Four days"}
    )
    assert calendar.status_code == 201, calendar.text
    resource = await create_resource(client, calendar_id=calendar.json()["id"])
    assert resource["calendar_id"] == calendar.json()["id"]


async def test_external_key_is_unique(client: httpx.AsyncClient) -> None:
    key = {"external_source": "hr", "external_id": secrets.token_hex(4)}
    await create_resource(client, **key)
    again = await client.post("/v1/resources", json={"kind": "person", "name": "Twin", **key})
    assert again.status_code == 409


async def test_unknown_ids(client: httpx.AsyncClient) -> None:
    missing = uuid.uuid4()
    assert (await client.get(f"/v1/resources/{missing}")).status_code == 404
    assert (await client.patch(f"/v1/resources/{missing}", json={"name": "x"})).status_code == 404
    assert (await client.delete(f"/v1/resources/{missing}")).status_code == 404
    assert (await client.get(f"/v1/resources/{missing}/rates")).status_code == 404
    assert (await client.get(f"/v1/resources/{missing}/time-off")).status_code == 404
    rate = {"effective_from": "2026-01-01", "rate_per_hour": "10", "currency": "EUR"}
    assert (await client.post(f"/v1/resources/{missing}/rates", json=rate)).status_code == 404
    resource = await create_resource(client)
    other = uuid.uuid4()
    assert (await client.delete(f"/v1/resources/{resource['id']}/rates/{other}")).status_code == 404
    assert (
        await client.delete(f"/v1/resources/{resource['id']}/time-off/{other}")
    ).status_code == 404
    assert (await client.get("/v1/resources/not-a-uuid")).status_code == 422


async def test_rates_over_time(client: httpx.AsyncClient) -> None:
    resource = await create_resource(client)
    url = f"/v1/resources/{resource['id']}"
    for day, rate in (("2026-07-01", "95.50"), ("2026-01-01", "90")):
        added = await client.post(
            f"{url}/rates",
            json={"effective_from": day, "rate_per_hour": rate, "currency": "EUR"},
        )
        assert added.status_code == 201, added.text
        assert added.headers["etag"] == '"1"'  # documented on every versioned answer
    listed = (await client.get(f"{url}/rates")).json()["items"]
    assert [(r["effective_from"], r["rate_per_hour"]) for r in listed] == [
        ("2026-01-01", "90.00"),
        ("2026-07-01", "95.50"),
    ]

    async def rate_on(day: str) -> httpx.Response:
        return await client.get(f"{url}/rate", params={"at": day})

    assert (await rate_on("2025-12-31")).status_code == 404
    assert (await rate_on("2026-01-01")).json()["rate_per_hour"] == "90.00"
    assert (await rate_on("2026-01-01")).headers["etag"] == '"1"'
    assert (await rate_on("2026-06-30")).json()["rate_per_hour"] == "90.00"
    assert (await rate_on("2026-07-01")).json()["rate_per_hour"] == "95.50"
    assert (await rate_on("2030-01-01")).json()["rate_per_hour"] == "95.50"
    assert (await rate_on("not-a-day")).status_code == 422

    same_day = await client.post(
        f"{url}/rates",
        json={"effective_from": "2026-07-01", "rate_per_hour": "1", "currency": "EUR"},
    )
    assert same_day.status_code == 409
    stale = await client.delete(f"{url}/rates/{listed[1]['id']}", headers={"if-match": '"9"'})
    assert stale.status_code == 412
    gone = await client.delete(f"{url}/rates/{listed[1]['id']}", headers={"if-match": '"1"'})
    assert gone.status_code == 204
    assert (await rate_on("2030-01-01")).json()["rate_per_hour"] == "90.00"


@pytest.mark.parametrize(
    "body",
    [
        {"effective_from": "2026-01-01", "rate_per_hour": "-1", "currency": "EUR"},
        {"effective_from": "2026-01-01", "rate_per_hour": 12.5, "currency": "EUR"},
        {"effective_from": "2026-01-01", "rate_per_hour": "1e30", "currency": "EUR"},
        {"effective_from": "2026-01-01", "rate_per_hour": "10", "currency": "euro"},
        {"effective_from": "someday", "rate_per_hour": "10", "currency": "EUR"},
    ],
)
async def test_bad_rates_are_refused(client: httpx.AsyncClient, body: dict) -> None:
    resource = await create_resource(client)
    response = await client.post(f"/v1/resources/{resource['id']}/rates", json=body)
    assert response.status_code == 422, response.text
    assert (await client.get(f"/v1/resources/{resource['id']}/rates")).json()["items"] == []


async def test_time_off(client: httpx.AsyncClient) -> None:
    resource = await create_resource(client)
    url = f"/v1/resources/{resource['id']}/time-off"
    added = await client.post(
        url, json={"from_date": "2026-08-03", "to_date": "2026-08-14", "reason": "Holiday"}
    )
    assert added.status_code == 201, added.text
    assert added.headers["etag"] == '"1"'
    one_day = await client.post(url, json={"from_date": "2026-08-17", "to_date": "2026-08-17"})
    assert one_day.status_code == 201, one_day.text
    for period in (
        {"from_date": "2026-08-14", "to_date": "2026-08-20"},
        {"from_date": "2026-07-01", "to_date": "2026-08-03"},
        {"from_date": "2026-08-05", "to_date": "2026-08-06"},
        {"from_date": "2026-08-01", "to_date": "2026-09-01"},
    ):
        overlapping = await client.post(url, json=period)
        assert overlapping.status_code == 409, period
        assert overlapping.headers["content-type"] == PROBLEM
    backwards = await client.post(url, json={"from_date": "2026-09-02", "to_date": "2026-09-01"})
    assert backwards.status_code == 422
    nul = await client.post(
        url, json={"from_date": "2026-10-01", "to_date": "2026-10-01", "reason": "a\u0000"}
    )
    assert nul.status_code == 422
    listed = (await client.get(url)).json()["items"]
    assert [(p["from_date"], p["to_date"], p["reason"]) for p in listed] == [
        ("2026-08-03", "2026-08-14", "Holiday"),
        ("2026-08-17", "2026-08-17", None),
    ]
    stale = await client.delete(f"{url}/{listed[0]['id']}", headers={"if-match": '"2"'})
    assert stale.status_code == 412
    assert (await client.delete(f"{url}/{listed[0]['id']}")).status_code == 204
    again = await client.post(url, json={"from_date": "2026-08-10", "to_date": "2026-08-11"})
    assert again.status_code == 201
    # Deleting the resource takes its rates and time off with it.
    assert (await client.delete(f"/v1/resources/{resource['id']}")).status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_members_read_but_do_not_write(client: httpx.AsyncClient, make_token: Any) -> None:
    member, pmo = auth(make_token("member")), auth(make_token("pmo"))
    resource = await create_resource(client)
    url = f"/v1/resources/{resource['id']}"
    assert (await client.get(url, headers=member)).status_code == 200
    assert (await client.get(f"{url}/rates", headers=member)).status_code == 200
    assert (await client.get("/v1/resources", headers=member)).status_code == 200
    refused = [
        await client.post("/v1/resources", json={"kind": "role", "name": "x"}, headers=member),
        await client.patch(url, json={"name": "x"}, headers=member),
        await client.delete(url, headers=member),
        await client.post(
            f"{url}/rates",
            json={"effective_from": "2026-01-01", "rate_per_hour": "1", "currency": "EUR"},
            headers=member,
        ),
        await client.post(
            f"{url}/time-off",
            json={"from_date": "2026-01-01", "to_date": "2026-01-02"},
            headers=member,
        ),
        await client.post(
            "/v1/resources/bulk",
            json={
                "items": [
                    {"kind": "role", "name": "x", "external_source": "hr", "external_id": "1"}
                ]
            },
            headers=member,
        ),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert (await client.get(url)).json()["name"] == resource["name"]
    made = await client.post("/v1/resources", json={"kind": "role", "name": "QA"}, headers=pmo)
    assert made.status_code == 201, made.text
    assert (await client.get(url, headers={"authorization": ""})).status_code == 401


async def test_resource_writes_are_audited(client: httpx.AsyncClient) -> None:
    resource = await create_resource(client)
    await client.patch(f"/v1/resources/{resource['id']}", json={"max_units": "0.5"})
    response = await client.get(
        "/v1/audit-records", params={"entity_type": "resources", "entity_id": resource["id"]}
    )
    records = response.json()["items"]
    assert [r["action"] for r in records] == ["updated", "created"]
    assert records[0]["changes"] == {"max_units": {"old": "1.00", "new": "0.50"}}


async def test_rates_are_audited_as_stored(client: httpx.AsyncClient) -> None:
    resource = await create_resource(client)
    added = await client.post(
        f"/v1/resources/{resource['id']}/rates",
        json={"effective_from": "2026-01-01", "rate_per_hour": "80.5", "currency": "EUR"},
    )
    response = await client.get(
        "/v1/audit-records",
        params={"entity_type": "resource_rates", "entity_id": added.json()["id"]},
    )
    records = response.json()["items"]
    assert [r["action"] for r in records] == ["created"]
    assert records[0]["changes"]["rate_per_hour"] == {"old": None, "new": "80.50"}


async def test_bad_updates_and_queries(client: httpx.AsyncClient) -> None:
    role = await create_resource(client, kind="role", name="Tester")
    url = f"/v1/resources/{role['id']}"
    for body in (
        {"name": None},
        {"max_units": None},
        {"max_units": "0"},
        {"skills": None},
        {"email": "t@example.org"},
        {"external_source": "hr"},
        {"kind": "person"},
    ):
        response = await client.patch(url, json=body)
        assert response.status_code == 422, (body, response.text)
    assert (await client.get(url)).json() == role
    for params in ({"q": "a\x00"}, {"skill": "a\x00"}, {"kind": "robot"}, {"active": "maybe"}):
        response = await client.get("/v1/resources", params=params)
        assert response.status_code == 422, (params, response.text)
    assert (await client.get(f"{url}/rate", params={"at": "2026-13-01"})).status_code == 422


async def test_external_key_clash_on_update(client: httpx.AsyncClient) -> None:
    key = {"external_source": "hr", "external_id": secrets.token_hex(4)}
    await create_resource(client, **key)
    other = await create_resource(client)
    clash = await client.patch(f"/v1/resources/{other['id']}", json=key)
    assert clash.status_code == 409
    assert (await client.get(f"/v1/resources/{other['id']}")).json()["external_id"] is None
