"""A project's facts through the API: the plan with its floats, the latest baseline, the
RAID summary, the last status update and the critical path test, for one project or many."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import httpx

from shared.clients.projects.facts import ProjectFactsDTO
from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, auth, create_project

STATUS_UPDATE = {
    "as_of": "2025-01-07",
    "overall_rag": "amber",
    "schedule_rag": "amber",
    "cost_rag": "green",
    "scope_rag": "green",
    "risk_rag": "red",
}


async def _post(client: httpx.AsyncClient, path: str, body: Any = None) -> dict[str, Any]:
    response = await client.post(path, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _facts(client: httpx.AsyncClient, project_id: str, **headers: str) -> dict[str, Any]:
    response = await client.get(f"/v1/projects/{project_id}/facts", headers=headers)
    assert response.status_code == 200, response.text
    ProjectFactsDTO.model_validate(response.json())  # the client reads it as it is
    return response.json()


async def _chain(client: httpx.AsyncClient, **project: Any) -> tuple[str, dict, dict, dict]:
    """A (2 d) -> B (3 d), and C (1 d) on its own, from Monday 6 January 2025."""
    pid = (await create_project(client, start_date="2025-01-06", **project))["id"]
    a = await add_task(client, pid, name="A", duration_days="2")
    b = await add_task(client, pid, name="B", duration_days="3", cost="100.00")
    c = await add_task(client, pid, name="C", duration_days="1")
    await link(client, pid, a, b)
    return pid, a, b, c


async def test_facts_of_a_crafted_plan(client: httpx.AsyncClient) -> None:
    pid, a, b, c = await _chain(client, budget="500.00", currency="EUR", tags=["gov"])
    await _post(client, f"/v1/projects/{pid}/baselines/0", {"name": "Plan"})
    # The plan slips by one working day after the baseline.
    patched = await client.patch(f"/v1/tasks/{b['id']}", json={"duration_days": "4"})
    assert patched.status_code == 200, patched.text
    risk = await _post(
        client,
        f"/v1/projects/{pid}/risks",
        {"title": "Supplier late", "probability": 4, "impact": 5, "owner": "ana"},
    )
    await _post(
        client,
        f"/v1/projects/{pid}/risks",
        {"title": "Gone", "probability": 1, "impact": 1, "status": "closed"},
    )
    await _post(client, f"/v1/projects/{pid}/issues", {"title": "Rig broken"})
    await _post(client, f"/v1/projects/{pid}/assumptions", {"title": "Staff available"})
    update = await _post(client, f"/v1/projects/{pid}/status-updates", STATUS_UPDATE)

    facts = await _facts(client, pid)

    assert facts["project_id"] == pid and facts["phase"] is None and facts["tags"] == ["gov"]
    assert facts["status"] == "proposed" and facts["budget"] == "500.00"
    assert facts["scheduled_finish"] == "2025-01-13T17:00:00"
    tasks = {t["name"]: t for t in facts["tasks"]}
    assert [t["name"] for t in facts["tasks"]] == ["A", "B", "C"]
    assert tasks["A"]["critical"] and tasks["B"]["critical"] and not tasks["C"]["critical"]
    assert tasks["C"]["total_float_days"] == "5.0000"
    assert tasks["B"]["duration_days"] == "4.00" and tasks["B"]["cost"] == "100.00"
    assert tasks["B"]["baseline_duration_days"] == "3.00"
    assert tasks["B"]["baseline_finish"] == "2025-01-10T00:00:00"
    assert tasks["B"]["early_finish"] == "2025-01-13T17:00:00"
    assert facts["links"] == [
        {
            "id": facts["links"][0]["id"],
            "predecessor_id": a["id"],
            "successor_id": b["id"],
            "type": "FS",
            "lag_days": "0.00",
        }
    ]
    assert facts["baseline"]["number"] == 0 and facts["baseline"]["name"] == "Plan"
    assert facts["baseline_count"] == 1
    assert facts["finish_variance_days"] == "1.0000"
    # No status date: from the scheduled start, and the facts are as of today.
    assert facts["status_date"] is None
    assert facts["critical_path_length_days"] == "6.0000"
    risks = {r["id"]: r for r in facts["risks"]}
    assert len(risks) == 2 and risks[risk["id"]]["score"] == 20
    assert risks[risk["id"]]["owner"] == "ana" and risks[risk["id"]]["status"] == "open"
    assert facts["raid"] == {"open_risks": 1, "open_issues": 1, "assumptions": 1, "decisions": 0}
    assert facts["last_status_update"]["id"] == update["id"]
    assert facts["last_status_update"]["overall_rag"] == "amber"
    # On a plain chain, lengthening the first critical task moves the finish as much.
    test = facts["critical_path_test"]
    assert test["task_id"] == a["id"]
    assert test["finish_before"] == "2025-01-13T17:00:00"
    assert Decimal(test["finish_delta_days"]) == Decimal(test["added_days"]) == 600
    assert c["id"] in {t["id"] for t in facts["tasks"]}


async def test_the_status_date_sets_as_of_and_the_critical_path_length(
    client: httpx.AsyncClient,
) -> None:
    pid, a, b, _ = await _chain(client)
    done = await client.patch(f"/v1/tasks/{a['id']}", json={"percent_complete": "100"})
    assert done.status_code == 200, done.text
    settings = await client.patch(
        f"/v1/projects/{pid}/schedule-settings", json={"status_date": "2025-01-07"}
    )
    assert settings.status_code == 200, settings.text
    facts = await _facts(client, pid)
    assert facts["as_of"] == "2025-01-07"
    # A is done; B runs 8-10 January: three working days after the end of the status date.
    assert facts["scheduled_finish"] == "2025-01-10T17:00:00"
    assert facts["critical_path_length_days"] == "3.0000"
    assert facts["baseline"] is None and facts["finish_variance_days"] is None
    # The complete task is not the one the critical path test lengthens.
    assert facts["critical_path_test"]["task_id"] == b["id"]
    assert facts["critical_path_test"]["finish_delta_days"] == "600.0000"


async def test_a_finish_constraint_cuts_the_critical_path(client: httpx.AsyncClient) -> None:
    """B must finish on 10 January whatever A does: lengthening A moves the finish by less
    than the days added (the test DCMA check 12 makes)."""
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="2")
    b = await add_task(
        client,
        pid,
        name="B",
        duration_days="3",
        constraint_type="MFO",
        constraint_date="2025-01-10",
    )
    c = await add_task(client, pid, name="C", duration_days="1")
    await link(client, pid, a, b)
    await link(client, pid, b, c)
    test = (await _facts(client, pid))["critical_path_test"]
    assert test["task_id"] == a["id"]
    assert test["finish_before"] == "2025-01-13T17:00:00"
    # A alone now ends the project: 600 days after its old finish (7 January), which was
    # four working days before the old project finish.
    assert test["finish_delta_days"] == "596.0000"


async def test_a_started_task_is_lengthened_in_its_remaining_work(
    client: httpx.AsyncClient,
) -> None:
    pid, a, *_ = await _chain(client)
    await client.patch(f"/v1/projects/{pid}/schedule-settings", json={"status_date": "2025-01-06"})
    started = await client.patch(f"/v1/tasks/{a['id']}", json={"percent_complete": "50"})
    assert started.status_code == 200, started.text
    test = (await _facts(client, pid))["critical_path_test"]
    assert test["task_id"] == a["id"]
    assert test["finish_delta_days"] == "600.0000"


async def test_no_critical_path_test_without_an_incomplete_critical_task(
    client: httpx.AsyncClient,
) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    facts = await _facts(client, pid)
    assert facts["tasks"] == [] and facts["critical_path_test"] is None
    assert facts["scheduled_finish"] is None and facts["critical_path_length_days"] is None
    await add_task(client, pid, name="Done", duration_days="2", percent_complete="100")
    await add_task(client, pid, name="Gate", duration_days="0")
    assert (await _facts(client, pid))["critical_path_test"] is None


async def test_working_days_follow_the_project_calendar(client: httpx.AsyncClient) -> None:
    pid, *_ = await _chain(client)
    await _post(client, f"/v1/projects/{pid}/baselines/3")
    calendar = await _post(
        client,
        f"/v1/projects/{pid}/calendars",
        {"name": "Holidays", "exceptions": [{"day": "2025-01-08"}]},
    )
    settings = await client.patch(
        f"/v1/projects/{pid}/schedule-settings", json={"calendar_id": calendar["id"]}
    )
    assert settings.status_code == 200, settings.text
    facts = await _facts(client, pid)
    # The holiday pushes B's finish to Monday 13th: one working day late, not three.
    assert facts["scheduled_finish"] == "2025-01-13T17:00:00"
    assert facts["finish_variance_days"] == "1.0000"
    assert facts["baseline"]["number"] == 3
    assert Decimal(facts["critical_path_test"]["finish_delta_days"]) == 600


async def test_the_latest_baseline_is_the_highest_numbered(client: httpx.AsyncClient) -> None:
    pid, _, b, _ = await _chain(client)
    await _post(client, f"/v1/projects/{pid}/baselines/5")
    await client.patch(f"/v1/tasks/{b['id']}", json={"duration_days": "5"})
    await _post(client, f"/v1/projects/{pid}/baselines/2")
    facts = await _facts(client, pid)
    assert facts["baseline"]["number"] == 5 and facts["baseline_count"] == 2
    assert {t["name"]: t["baseline_duration_days"] for t in facts["tasks"]}["B"] == "3.00"
    assert facts["finish_variance_days"] == "2.0000"


async def test_reading_facts_writes_nothing(client: httpx.AsyncClient) -> None:
    pid, a, *_ = await _chain(client)
    before = (await client.get(f"/v1/projects/{pid}")).json()
    task_before = (await client.get(f"/v1/tasks/{a['id']}")).json()
    audit = await client.get("/v1/audit-records", params={"project_id": pid, "limit": 100})
    await _facts(client, pid)
    assert (await client.get(f"/v1/projects/{pid}")).json() == before
    assert (await client.get(f"/v1/tasks/{a['id']}")).json() == task_before
    again = await client.get("/v1/audit-records", params={"project_id": pid, "limit": 100})
    assert again.json()["items"] == audit.json()["items"]


async def test_batch_read_in_the_order_asked(client: httpx.AsyncClient) -> None:
    first, *_ = await _chain(client)
    second = (await create_project(client))["id"]
    unknown = str(uuid.uuid4())
    response = await client.get(
        "/v1/project-facts", params={"project_ids": f"{second},{unknown},{first},{second}"}
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [f["project_id"] for f in items] == [second, first]
    assert len(items[1]["tasks"]) == 3 and items[0]["tasks"] == []
    assert items[1]["critical_path_test"]["finish_delta_days"] == "600.0000"


async def test_unknown_project_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v1/projects/{uuid.uuid4()}/facts")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_project_the_caller_may_not_read_is_absent(
    client: httpx.AsyncClient, make_token
) -> None:
    """A member of another project gets a 404, as for every read of a project they may
    not see, and the batch leaves it out."""
    hidden = (await create_project(client))["id"]
    subject = f"user-{uuid.uuid4().hex[:8]}"
    token = make_token("member", sub=subject)
    own = (await create_project(client, headers=auth(token)))["id"]
    response = await client.get(f"/v1/projects/{hidden}/facts", headers=auth(token))
    assert response.status_code == 404
    batch = await client.get(
        "/v1/project-facts", params={"project_ids": f"{hidden},{own}"}, headers=auth(token)
    )
    assert [f["project_id"] for f in batch.json()["items"]] == [own]
    assert (await _facts(client, own, **auth(token)))["project_id"] == own


async def test_bad_batch_requests_are_422(client: httpx.AsyncClient) -> None:
    too_many = ",".join(str(uuid.uuid4()) for _ in range(51))
    for params in (
        {"project_ids": too_many},
        {"project_ids": "not-a-uuid"},
        {"project_ids": "\x00"},
        {"project_ids": "9" * 400},
        {},
    ):
        response = await client.get("/v1/project-facts", params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    fifty = ",".join(str(uuid.uuid4()) for _ in range(50))
    response = await client.get("/v1/project-facts", params={"project_ids": fifty})
    assert response.status_code == 200 and response.json() == {"items": []}
    assert (await client.get("/v1/projects/not-a-uuid/facts")).status_code == 422
