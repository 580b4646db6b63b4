"""Deleting a task says what it takes with it: its subtasks, the links to or from them and
their assignments go only when the delete is confirmed (``?cascade=true``); the 409 and the
preview list them."""

from __future__ import annotations

import httpx

from tests.projects.assignments.factories import assign, create_person
from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, auth, create_project, get_task


async def _plan(client: httpx.AsyncClient) -> dict[str, dict]:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    phase = await add_task(client, pid, name="Phase")
    a = await add_task(client, pid, name="A", duration_days="2", parent_id=phase["id"])
    b = await add_task(client, pid, name="B", duration_days="1")
    lone = await add_task(client, pid, name="Lone", duration_days="1")
    await link(client, pid, a, b)
    await assign(client, a["id"], (await create_person(client, name="Ana"))["id"])
    return {"project": {"id": pid}, "phase": phase, "a": a, "b": b, "lone": lone}


async def test_a_task_with_nothing_attached_goes_at_once(client: httpx.AsyncClient) -> None:
    plan = await _plan(client)
    impact = await client.get(f"/v1/tasks/{plan['lone']['id']}/delete-impact")
    assert impact.status_code == 200
    assert impact.json()["needs_confirmation"] is False
    assert (await client.delete(f"/v1/tasks/{plan['lone']['id']}")).status_code == 204


async def test_the_409_lists_what_would_go_and_changes_nothing(client: httpx.AsyncClient) -> None:
    plan = await _plan(client)
    phase_id = plan["phase"]["id"]
    refused = await client.delete(f"/v1/tasks/{phase_id}")
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("/task-delete-needs-confirmation")
    assert "cascade=true" in problem["detail"] and "B" in problem["detail"]
    impact = problem["impact"]
    assert [t["name"] for t in impact["subtasks"]] == ["A"]
    [dependency] = impact["dependencies"]
    assert (dependency["predecessor_name"], dependency["successor_name"]) == ("A", "B")
    assert [a["resource_name"] for a in impact["assignments"]] == ["Ana"]
    assert impact["needs_confirmation"] is True
    # Nothing was deleted, and the preview says the same.
    assert (await get_task(client, plan["a"]))["name"] == "A"
    preview = await client.get(f"/v1/tasks/{phase_id}/delete-impact")
    assert preview.json() == impact


async def test_confirmed_it_goes_with_everything_listed(client: httpx.AsyncClient) -> None:
    plan = await _plan(client)
    gone = await client.delete(f"/v1/tasks/{plan['phase']['id']}", params={"cascade": "true"})
    assert gone.status_code == 204
    assert (await client.get(f"/v1/tasks/{plan['a']['id']}")).status_code == 404
    pid = plan["project"]["id"]
    assert (await client.get(f"/v1/projects/{pid}/dependencies")).json()["items"] == []
    assert (await get_task(client, plan["b"]))["early_start"] == "2025-01-06T08:00:00"


async def test_the_preview_is_for_those_who_may_delete(
    client: httpx.AsyncClient, make_token
) -> None:
    plan = await _plan(client)
    outsider = make_token("member")
    url = f"/v1/tasks/{plan['a']['id']}/delete-impact"
    assert (await client.get(url, headers=auth(outsider))).status_code == 404
