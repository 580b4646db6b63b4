"""Actual cost entries through the API: in the project's currency, never negative, on a
task of the project or on the project as a whole; written by the project's writers."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.projects.costs.factories import costed_project, record_cost
from tests.projects.factories import add_task, auth, create_project

PROBLEM = "application/problem+json"


async def test_record_read_change_and_delete(client: httpx.AsyncClient) -> None:
    project = await costed_project(client)
    task = await add_task(client, project["id"])
    created = await client.post(
        f"/v1/projects/{project['id']}/actual-costs",
        json={
            "incurred_on": "2026-03-02",
            "amount": "1250.5",
            "currency": "EUR",
            "category": "labour",
            "task_id": task["id"],
            "description": "Two consultants, one week",
        },
    )
    assert created.status_code == 201, created.text
    cost = created.json()
    assert created.headers["location"] == f"/v1/actual-costs/{cost['id']}"
    assert created.headers["etag"] == '"1"'
    assert {k: cost[k] for k in ("project_id", "task_id", "amount", "currency", "category")} == {
        "project_id": project["id"],
        "task_id": task["id"],
        "amount": "1250.50",
        "currency": "EUR",
        "category": "labour",
    }
    fetched = await client.get(f"/v1/actual-costs/{cost['id']}")
    assert fetched.json() == cost and fetched.headers["etag"] == '"1"'

    stale = await client.patch(
        f"/v1/actual-costs/{cost['id']}", json={"amount": "1.00"}, headers={"if-match": '"9"'}
    )
    assert stale.status_code == 412 and stale.headers["content-type"] == PROBLEM
    patched = await client.patch(
        f"/v1/actual-costs/{cost['id']}",
        json={"amount": "1300.00", "task_id": None, "category": "services"},
        headers={"if-match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["amount"], patched.json()["task_id"], patched.json()["version"]) == (
        "1300.00",
        None,
        2,
    )
    assert (await client.get(f"/v1/actual-costs/{cost['id']}")).json()["amount"] == "1300.00"

    deleted = await client.delete(f"/v1/actual-costs/{cost['id']}", headers={"if-match": '"2"'})
    assert deleted.status_code == 204
    assert (await client.get(f"/v1/actual-costs/{cost['id']}")).status_code == 404


async def test_the_portfolio_currency_is_the_projects_own(client: httpx.AsyncClient) -> None:
    """A project without its own currency records costs in its portfolio's."""
    project = await costed_project(client, currency="USD")
    assert project["currency"] is None
    cost = await record_cost(client, project["id"], currency="USD")
    assert cost["currency"] == "USD"


async def test_list_filters_sorts_and_pages(client: httpx.AsyncClient) -> None:
    project = await costed_project(client)
    task = await add_task(client, project["id"])
    specs = [
        ("2026-01-10", "10.00", "labour", task["id"]),
        ("2026-02-10", "20.00", "travel", None),
        ("2026-03-10", "30.00", "labour", task["id"]),
        ("2026-04-10", "40.00", "material", None),
    ]
    for day, amount, category, task_id in specs:
        await record_cost(
            client,
            project["id"],
            incurred_on=day,
            amount=amount,
            category=category,
            task_id=task_id,
        )
    url = f"/v1/projects/{project['id']}/actual-costs"

    async def amounts(**params: str) -> list[str]:
        response = await client.get(url, params=params)
        assert response.status_code == 200, response.text
        return [c["amount"] for c in response.json()["items"]]

    assert await amounts() == ["10.00", "20.00", "30.00", "40.00"]  # by day, oldest first
    assert await amounts(**{"from": "2026-02-10", "to": "2026-03-10"}) == ["20.00", "30.00"]
    assert await amounts(task_id=task["id"]) == ["10.00", "30.00"]
    assert await amounts(category="labour", **{"from": "2026-02-01"}) == ["30.00"]
    assert await amounts(sort="-amount") == ["40.00", "30.00", "20.00", "10.00"]
    first = (await client.get(url, params={"limit": 3})).json()
    rest = (await client.get(url, params={"limit": 3, "cursor": first["next_cursor"]})).json()
    assert [c["amount"] for c in first["items"] + rest["items"]] == [
        "10.00",
        "20.00",
        "30.00",
        "40.00",
    ]
    assert rest["next_cursor"] is None

    for bad in ({"category": "bribes"}, {"from": "someday"}, {"sort": "colour"}):
        assert (await client.get(url, params=bad)).status_code == 422, bad
    backwards = await client.get(url, params={"from": "2026-05-01", "to": "2026-04-01"})
    assert backwards.status_code == 422


async def test_first_pages_of_several_projects(client: httpx.AsyncClient, make_token) -> None:
    first, second = await costed_project(client), await costed_project(client)
    for day in ("2026-01-03", "2026-01-01", "2026-01-02"):
        await record_cost(client, first["id"], incurred_on=day)
    response = await client.get(
        "/v1/actual-costs/first-pages",
        params={"project_ids": f"{first['id']},{second['id']}", "limit": 2},
    )
    assert response.status_code == 200, response.text
    [one, two] = response.json()["items"]
    assert [c["incurred_on"] for c in one["items"]] == ["2026-01-01", "2026-01-02"]
    assert (two["project_id"], two["items"]) == (second["id"], [])
    rest = await client.get(
        f"/v1/projects/{first['id']}/actual-costs", params={"cursor": one["next_cursor"]}
    )
    assert [c["incurred_on"] for c in rest.json()["items"]] == ["2026-01-03"]
    outsider = await client.get(
        "/v1/actual-costs/first-pages",
        params={"project_ids": first["id"]},
        headers=auth(make_token("member")),
    )
    assert outsider.json()["items"][0]["items"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "-0.01"}, "amount"),
        ({"amount": 12.5}, "amount"),  # a float has already lost cents
        ({"amount": "1e30"}, "amount"),
        ({"currency": "eur"}, "currency"),
        ({"category": "bribes"}, "category"),
        ({"incurred_on": "2026-02-30"}, "incurred_on"),
        ({"description": "nul \u0000 inside"}, None),
        ({"external_source": "erp"}, None),  # a key needs both halves
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_entries_are_refused(client: httpx.AsyncClient, change: dict, field) -> None:
    project = await costed_project(client)
    body = {"incurred_on": "2026-03-02", "amount": "100.00", "currency": "EUR", **change}
    response = await client.post(f"/v1/projects/{project['id']}/actual-costs", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    if field is not None:
        assert field in {e["field"] for e in response.json()["errors"]}
    listed = await client.get(f"/v1/projects/{project['id']}/actual-costs")
    assert listed.json()["items"] == []


async def test_another_currency_is_refused_until_exchange_rates_exist(
    client: httpx.AsyncClient,
) -> None:
    project = await costed_project(client)
    url = f"/v1/projects/{project['id']}/actual-costs"
    refused = await client.post(
        url, json={"incurred_on": "2026-03-02", "amount": "5.00", "currency": "USD"}
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["type"].endswith("/currency-mismatch")
    assert "exchange rates" in problem["detail"] and "EUR" in problem["detail"]
    assert problem["errors"][0]["field"] == "currency"
    cost = await record_cost(client, project["id"])
    changed = await client.patch(f"/v1/actual-costs/{cost['id']}", json={"currency": "GBP"})
    assert changed.status_code == 422 and changed.json()["type"].endswith("/currency-mismatch")
    # A project without a currency of its own or a portfolio's has no currency to record in.
    bare = await create_project(client)
    none = await client.post(
        f"/v1/projects/{bare['id']}/actual-costs",
        json={"incurred_on": "2026-03-02", "amount": "5.00", "currency": "EUR"},
    )
    assert none.status_code == 422 and "no currency" in none.json()["detail"]


async def test_task_must_be_of_the_project(client: httpx.AsyncClient) -> None:
    project, other = await costed_project(client), await costed_project(client)
    foreign = await add_task(client, other["id"])
    url = f"/v1/projects/{project['id']}/actual-costs"
    body = {"incurred_on": "2026-03-02", "amount": "5.00", "currency": "EUR"}
    for task_id in (foreign["id"], str(uuid.uuid4())):
        response = await client.post(url, json={**body, "task_id": task_id})
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "task_id", "message": "not a task of this project"}
        ]
    cost = await record_cost(client, project["id"])
    moved = await client.patch(f"/v1/actual-costs/{cost['id']}", json={"task_id": foreign["id"]})
    assert moved.status_code == 422


async def test_unknown_ids_are_404(client: httpx.AsyncClient) -> None:
    missing = uuid.uuid4()
    body = {"incurred_on": "2026-03-02", "amount": "5.00", "currency": "EUR"}
    assert (await client.post(f"/v1/projects/{missing}/actual-costs", json=body)).status_code == 404
    assert (await client.get(f"/v1/projects/{missing}/actual-costs")).status_code == 404
    for method in ("get", "patch", "delete"):
        kwargs = {"json": {"amount": "1.00"}} if method == "patch" else {}
        response = await getattr(client, method)(f"/v1/actual-costs/{missing}", **kwargs)
        assert response.status_code == 404 and response.headers["content-type"] == PROBLEM
    assert (await client.get("/v1/actual-costs/not-a-uuid")).status_code == 422


async def test_required_fields_cannot_be_cleared(client: httpx.AsyncClient) -> None:
    project = await costed_project(client)
    cost = await record_cost(client, project["id"])
    response = await client.patch(
        f"/v1/actual-costs/{cost['id']}", json={"amount": None, "category": None}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"amount", "category"}


async def test_external_keys_are_unique_per_project(client: httpx.AsyncClient) -> None:
    project = await costed_project(client)
    key = {"external_source": "erp", "external_id": "INV-1"}
    first = await record_cost(client, project["id"], **key)
    again = await client.post(
        f"/v1/projects/{project['id']}/actual-costs",
        json={"incurred_on": "2026-03-02", "amount": "1.00", "currency": "EUR", **key},
    )
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
    second = await record_cost(client, project["id"], external_source="erp", external_id="INV-2")
    clash = await client.patch(f"/v1/actual-costs/{second['id']}", json={"external_id": "INV-1"})
    assert clash.status_code == 409
    half = await client.patch(f"/v1/actual-costs/{first['id']}", json={"external_source": None})
    assert half.status_code == 422
    other = await costed_project(client)
    await record_cost(client, other["id"], **key)  # another project may use the same key


async def test_viewers_read_and_writers_write(client: httpx.AsyncClient, join, make_token) -> None:
    project = await costed_project(client)
    cost = await record_cost(client, project["id"])
    viewer = auth(await join(project["id"], "viewer"))
    member = auth(await join(project["id"], "member"))
    stranger = auth(make_token("member"))
    url = f"/v1/projects/{project['id']}/actual-costs"
    body = {"incurred_on": "2026-03-02", "amount": "5.00", "currency": "EUR"}

    assert (await client.get(url, headers=viewer)).status_code == 200
    assert (await client.get(f"/v1/actual-costs/{cost['id']}", headers=viewer)).status_code == 200
    assert (await client.post(url, json=body, headers=viewer)).status_code == 403
    one = f"/v1/actual-costs/{cost['id']}"
    assert (await client.patch(one, json={"amount": "1.00"}, headers=viewer)).status_code == 403
    assert (await client.delete(one, headers=viewer)).status_code == 403
    bulk = {"items": [{**body, "external_source": "erp", "external_id": "1"}]}
    assert (await client.post(f"{url}/bulk", json=bulk, headers=viewer)).status_code == 403
    # Someone without a role on the project does not learn that it, or its costs, exist.
    assert (await client.get(one, headers=stranger)).status_code == 404
    assert (await client.post(url, json=body, headers=stranger)).status_code == 404

    made = await client.post(url, json=body, headers=member)
    assert made.status_code == 201, made.text
    assert (await client.delete(one, headers=member)).status_code == 204
    assert (await client.get(one)).status_code == 404
    assert (await client.get(url)).json()["items"] == [made.json()]


async def test_cost_writes_are_audited(client: httpx.AsyncClient) -> None:
    project = await costed_project(client)
    cost = await record_cost(client, project["id"], amount="10.00")
    await client.patch(f"/v1/actual-costs/{cost['id']}", json={"amount": "12.00"})
    await client.delete(f"/v1/actual-costs/{cost['id']}")
    response = await client.get(
        "/v1/audit-records", params={"entity_type": "actual_costs", "entity_id": cost["id"]}
    )
    records = response.json()["items"]
    assert [r["action"] for r in records] == ["deleted", "updated", "created"]
    assert {r["project_id"] for r in records} == {project["id"]}
    assert records[1]["changes"] == {"amount": {"old": "10.00", "new": "12.00"}}
