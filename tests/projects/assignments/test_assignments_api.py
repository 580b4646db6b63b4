"""Assignments through the API: CRUD, work <-> units, cost across a rate change, the task
budget EVM and baselines use, and every refusal (problem+json, nothing written)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.assignments.factories import (
    PROBLEM,
    add_rate,
    assign,
    create_person,
    priced_plan,
)
from tests.projects.factories import add_task, auth


async def test_assignment_crud_with_work_and_cost(client: httpx.AsyncClient) -> None:
    plan = await priced_plan(client)
    task, person = plan["task"], plan["person"]
    created = await client.post(
        f"/v1/tasks/{task['id']}/assignments",
        json={"resource_id": person["id"], "units": "0.5"},
    )
    assert created.status_code == 201, created.text
    assert created.headers["etag"] == '"1"'
    body = created.json()
    assert created.headers["location"] == f"/v1/assignments/{body['id']}"
    # 10 days x 8 h x 0.5 = 40 h; Mar 2-6 at 100, Mar 9-13 at 120: 4 h a day x (500 + 600).
    assert (body["units"], body["work_hours"], body["cost"], body["currency"]) == (
        "0.50",
        "40.00",
        "4400.00",
        "EUR",
    )
    assert (body["task_id"], body["resource_id"], body["project_id"]) == (
        task["id"],
        person["id"],
        plan["project"]["id"],
    )
    one = f"/v1/assignments/{body['id']}"
    fetched = await client.get(one)
    assert fetched.json() == body and fetched.headers["etag"] == '"1"'
    listed = (await client.get(f"/v1/tasks/{task['id']}/assignments")).json()["items"]
    assert listed == [body]
    of_person = (await client.get(f"/v1/resources/{person['id']}/assignments")).json()["items"]
    assert [a["id"] for a in of_person] == [body["id"]]
    page = (await client.get(f"/v1/projects/{plan['project']['id']}/assignments")).json()
    assert [a["id"] for a in page["items"]] == [body["id"]] and page["next_cursor"] is None

    # Work in, units out: 60 h over 10 days of 8 h is 0.75.
    stale = await client.patch(one, json={"work_hours": "60"}, headers={"if-match": '"9"'})
    assert stale.status_code == 412 and stale.headers["content-type"] == PROBLEM
    patched = await client.patch(one, json={"work_hours": "60"}, headers={"if-match": '"1"'})
    assert patched.status_code == 200, patched.text
    assert patched.headers["etag"] == '"2"'
    assert (patched.json()["units"], patched.json()["work_hours"], patched.json()["cost"]) == (
        "0.75",
        "60.00",
        "6600.00",
    )
    assert (await client.delete(one, headers={"if-match": '"1"'})).status_code == 412
    assert (await client.delete(one, headers={"if-match": '"2"'})).status_code == 204
    assert (await client.get(one)).status_code == 404


async def test_work_given_on_create(client: httpx.AsyncClient) -> None:
    plan = await priced_plan(client)
    body = await assign(client, plan["task"]["id"], plan["person"]["id"], work_hours="20")
    assert (body["units"], body["work_hours"], body["cost"]) == ("0.25", "20.00", "2200.00")


async def test_budget_in_baseline_and_evm(client: httpx.AsyncClient) -> None:
    """The task's budget is its fixed cost (1,000) plus its resource cost (8,800 at full
    time): the baseline captures 9,800 and EVM's BAC is that."""
    plan = await priced_plan(client)
    pid = plan["project"]["id"]
    await assign(client, plan["task"]["id"], plan["person"]["id"], units="1")
    captured = await client.post(f"/v1/projects/{pid}/baselines/0", json={"name": "Plan"})
    assert captured.status_code in (200, 201), captured.text
    assert captured.json()["total_cost"] == "9800.00"
    variance = (await client.get(f"/v1/projects/{pid}/baselines/0/variance")).json()
    [row] = variance["items"]
    assert (row["baseline_cost"], row["current_cost"], row["cost_variance"]) == (
        "9800.00",
        "9800.00",
        "0.00",
    )
    assert variance["project"]["current_cost"] == "9800.00"
    # Half time from now on: the current budget drops by 4,400, the baseline keeps its own.
    made = (await client.get(f"/v1/tasks/{plan['task']['id']}/assignments")).json()["items"][0]
    halved = await client.patch(
        f"/v1/assignments/{made['id']}", json={"units": "0.5"}, headers={"if-match": '"1"'}
    )
    assert halved.status_code == 200, halved.text
    variance = (await client.get(f"/v1/projects/{pid}/baselines/0/variance")).json()
    [row] = variance["items"]
    assert (row["current_cost"], row["cost_variance"]) == ("5400.00", "-4400.00")
    evm = await client.get(f"/v1/projects/{pid}/evm", params={"status_date": "2026-03-06"})
    assert evm.status_code == 200, evm.text
    assert evm.json()["bac"] == "9800.00"


async def test_bad_input_writes_nothing(client: httpx.AsyncClient) -> None:
    plan = await priced_plan(client)
    task, person = plan["task"], plan["person"]
    url = f"/v1/tasks/{task['id']}/assignments"
    part_timer = await create_person(client, max_units="0.5")
    idle = await create_person(client, active=False)
    milestone = await add_task(client, plan["project"]["id"], duration_days="0")
    cases: list[tuple[str, dict[str, Any], int]] = [
        (url, {"resource_id": person["id"], "units": "0"}, 422),
        (url, {"resource_id": person["id"], "units": "-1"}, 422),
        (url, {"resource_id": person["id"], "units": "10.5"}, 422),
        (url, {"resource_id": person["id"], "units": "1e400"}, 422),
        (url, {"resource_id": person["id"]}, 422),
        (url, {"resource_id": person["id"], "units": "1", "work_hours": "8"}, 422),
        (url, {"resource_id": part_timer["id"], "units": "0.6"}, 422),
        (url, {"resource_id": part_timer["id"], "work_hours": "48"}, 422),
        (url, {"resource_id": idle["id"], "units": "1"}, 422),
        (url, {"resource_id": "00000000-0000-0000-0000-000000000000", "units": "1"}, 422),
        (url, {"resource_id": "bad\u0000id", "units": "1"}, 422),
        (url, {"resource_id": person["id"], "units": "1", "note": "x"}, 422),
        (
            f"/v1/tasks/{milestone['id']}/assignments",
            {"resource_id": person["id"], "work_hours": "8"},
            422,
        ),
        (
            "/v1/tasks/00000000-0000-0000-0000-000000000000/assignments",
            {"resource_id": person["id"], "units": "1"},
            404,
        ),
    ]
    for path, body, expected in cases:
        response = await client.post(path, json=body)
        assert response.status_code == expected, (body, response.text)
        assert response.headers["content-type"] == PROBLEM
    too_much = await client.post(url, json={"resource_id": part_timer["id"], "units": "0.6"})
    assert "0.50" in too_much.text and "max_units" in too_much.text
    page = (await client.get(f"/v1/projects/{plan['project']['id']}/assignments")).json()
    assert page["items"] == []


async def test_duplicate_summary_and_currency(client: httpx.AsyncClient) -> None:
    plan = await priced_plan(client)
    task, person, pid = plan["task"], plan["person"], plan["project"]["id"]
    await assign(client, task["id"], person["id"])
    again = await client.post(
        f"/v1/tasks/{task['id']}/assignments", json={"resource_id": person["id"], "units": "1"}
    )
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM

    # A task with people on it does not become a summary: adding a child is refused.
    child = await client.post(
        f"/v1/projects/{pid}/tasks", json={"name": "Child", "parent_id": task["id"]}
    )
    assert child.status_code == 409 and child.headers["content-type"] == PROBLEM

    phase = await add_task(client, pid, name="Phase")
    await add_task(client, pid, name="Leaf", parent_id=phase["id"], duration_days="2")
    summary = await client.post(
        f"/v1/tasks/{phase['id']}/assignments", json={"resource_id": person["id"], "units": "1"}
    )
    assert summary.status_code == 422 and "summary" in summary.text

    dollars = await create_person(client)
    await add_rate(client, dollars["id"], "2026-01-01", "90.00", currency="USD")
    mismatch = await client.post(
        f"/v1/tasks/{task['id']}/assignments", json={"resource_id": dollars["id"], "units": "1"}
    )
    assert mismatch.status_code == 422 and "USD" in mismatch.text
    assert len((await client.get(f"/v1/tasks/{task['id']}/assignments")).json()["items"]) == 1


async def test_assigned_resource_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    plan = await priced_plan(client)
    person = plan["person"]
    made = await assign(client, plan["task"]["id"], person["id"])
    refused = await client.delete(f"/v1/resources/{person['id']}", headers={"if-match": '"1"'})
    assert refused.status_code == 409 and refused.headers["content-type"] == PROBLEM
    assert (await client.get(f"/v1/resources/{person['id']}")).status_code == 200
    unassigned = await client.delete(f"/v1/assignments/{made['id']}", headers={"if-match": '"1"'})
    assert unassigned.status_code == 204
    deleted = await client.delete(f"/v1/resources/{person['id']}", headers={"if-match": '"1"'})
    assert deleted.status_code == 204


async def test_access_by_role(client: httpx.AsyncClient, join: Any, make_token: Any) -> None:
    plan = await priced_plan(client)
    task, pid = plan["task"], plan["project"]["id"]
    made = await assign(client, task["id"], plan["person"]["id"])
    other = await create_person(client)
    viewer, member = await join(pid, "viewer"), await join(pid, "member")
    stranger = make_token("member")
    url = f"/v1/tasks/{task['id']}/assignments"
    body = {"resource_id": other["id"], "units": "0.5"}
    assert (await client.get(url, headers=auth(viewer))).status_code == 200
    assert (await client.get(url, headers=auth(stranger))).status_code == 404
    one = f"/v1/assignments/{made['id']}"
    assert (await client.get(one, headers=auth(stranger))).status_code == 404
    of_person = await client.get(
        f"/v1/resources/{plan['person']['id']}/assignments", headers=auth(stranger)
    )
    assert of_person.json()["items"] == []
    assert (await client.post(url, json=body, headers=auth(viewer))).status_code == 403
    assert (await client.post(url, json=body, headers=auth(stranger))).status_code == 404
    denied = await client.delete(one, headers={**auth(viewer), "if-match": '"1"'})
    assert denied.status_code == 403
    assert (await client.post(url, json=body, headers=auth(member))).status_code == 201
