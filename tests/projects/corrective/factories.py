"""Plans and options for the corrective-option tests, everything through the API."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from tests.projects.factories import add_task, create_project
from tests.projects.levelling_api.factories import wait_for_job

MONDAY = "2027-01-04"


async def link(
    http: httpx.AsyncClient, project: dict, pred: dict, succ: dict, lag: str = "0", kind: str = "FS"
) -> dict[str, Any]:
    body = {"predecessor_id": pred["id"], "successor_id": succ["id"], "type": kind, "lag_days": lag}
    response = await http.post(f"/v1/projects/{project['id']}/dependencies", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def optional_task(http: httpx.AsyncClient, task: dict) -> None:
    answer = await http.patch(f"/v1/tasks/{task['id']}", json={"optional": True})
    assert answer.status_code == 200, answer.text
    assert answer.json()["optional"] is True


async def optional_lag(http: httpx.AsyncClient, dependency: dict) -> None:
    answer = await http.patch(f"/v1/dependencies/{dependency['id']}", json={"lag_optional": True})
    assert answer.status_code == 200, answer.text
    assert answer.json()["lag_optional"] is True


async def chain(
    http: httpx.AsyncClient, durations: list[str], **project_fields: Any
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A project from Monday 2027-01-04 whose tasks T1..Tn run one after the other (FS)."""
    project = await create_project(http, start_date=MONDAY, currency="EUR", **project_fields)
    tasks = [
        await add_task(http, project["id"], name=f"T{i + 1}", duration_days=days)
        for i, days in enumerate(durations)
    ]
    links = [await link(http, project, a, b) for a, b in itertools.pairwise(tasks)]
    return project, tasks, links


async def propose(http: httpx.AsyncClient, project: dict) -> dict[str, Any]:
    """Ask for options, wait for the job, answer the listed options."""
    response = await http.post(f"/v1/projects/{project['id']}/corrective-options")
    assert response.status_code == 202, response.text
    job = await wait_for_job(http, response.headers["location"])
    assert job["state"] == "succeeded", job
    assert job["kind"] == "corrective_options"
    listed = await http.get(f"/v1/projects/{project['id']}/corrective-options")
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["job_id"] == job["id"]
    return dict(body)


def of_kind(options: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [o for o in options["items"] if o["kind"] == kind]


async def apply_and_approve(http: httpx.AsyncClient, option: dict) -> dict[str, Any]:
    applied = await http.post(f"/v1/corrective-options/{option['id']}/apply")
    assert applied.status_code == 201, applied.text
    change = applied.json()
    assert change["status"] == "submitted"
    assert change["plan_changes"] == option["plan_changes"]
    approved = await http.post(f"/v1/change-requests/{change['id']}/approve", json={})
    assert approved.status_code == 200, approved.text
    return dict(approved.json())


async def finish_of(http: httpx.AsyncClient, project: dict) -> str:
    path = await http.get(f"/v1/projects/{project['id']}/critical-path")
    assert path.status_code == 200, path.text
    return str(path.json()["project_finish"])


async def person_with_rate(http: httpx.AsyncClient, role: str, rate: str) -> dict[str, Any]:
    """A person of ``role`` paid ``rate`` EUR an hour since 2020."""
    created = await http.post(
        "/v1/resources", json={"kind": "person", "name": f"{role} {rate}", "role_name": role}
    )
    assert created.status_code == 201, created.text
    person = created.json()
    answer = await http.post(
        f"/v1/resources/{person['id']}/rates",
        json={"effective_from": "2020-01-01", "rate_per_hour": rate, "currency": "EUR"},
    )
    assert answer.status_code == 201, answer.text
    return dict(person)


async def assign(http: httpx.AsyncClient, task: dict, person: dict, units: str = "1") -> dict:
    response = await http.post(
        f"/v1/tasks/{task['id']}/assignments", json={"resource_id": person["id"], "units": units}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())
