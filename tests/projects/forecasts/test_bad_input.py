"""Estimates, drivers and analyses that make no sense: problem+json naming the field,
nothing written, nothing queued."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.projects.models import Dependency, Job, RiskAnalysis
from services.projects.risk import MAX_ITERATIONS
from tests.projects.factories import add_task, create_project, get_task
from tests.projects.forecasts.factories import MONDAY, closed_form_plan, estimate

PROBLEM = "application/problem+json"


async def _refused(
    http: httpx.AsyncClient, method: str, path: str, body: Any, status: int = 422
) -> dict[str, Any]:
    answer = await http.request(method, path, json=body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    return dict(answer.json())


def _fields(problem: dict[str, Any]) -> set[str]:
    return {error["field"] for error in problem["errors"]}


async def _queued(app: FastAPI, project_id: str) -> tuple[int, int]:
    """(jobs, analyses) of the project."""
    pid = uuid.UUID(project_id)
    async with app.state.sessionmaker() as session:
        jobs = select(func.count()).select_from(Job).where(Job.project_id == pid)
        runs = select(func.count()).select_from(RiskAnalysis).where(RiskAnalysis.project_id == pid)
        return int(await session.scalar(jobs) or 0), int(await session.scalar(runs) or 0)


async def test_bad_estimates_on_tasks_are_refused_and_nothing_changes(
    http: httpx.AsyncClient,
) -> None:
    plan = await create_project(http, start_date=MONDAY)
    tasks = f"/v1/projects/{plan['id']}/tasks"
    backwards = {"name": "T", **estimate("4", "3", "6")}
    assert _fields(await _refused(http, "POST", tasks, backwards)) == {"duration_optimistic_days"}
    negative = {"name": "T", **estimate("-1", "3", "6")}
    assert "duration_optimistic_days" in _fields(await _refused(http, "POST", tasks, negative))
    partial = {"name": "T", "duration_optimistic_days": "1", "duration_most_likely_days": "2"}
    assert _fields(await _refused(http, "POST", tasks, partial)) == {
        "duration_pessimistic_days",
        "duration_distribution",
    }
    unknown = {"name": "T", **estimate("1", "2", "3", "lognormal")}
    await _refused(http, "POST", tasks, unknown)
    listed = (await http.get(tasks)).json()["items"]
    assert listed == []

    task = await add_task(http, plan["id"], name="T", duration_days="3", **estimate("2", "3", "5"))
    assert task["duration_distribution"] == "triangular" and task["optional"] is False
    assert task["duration_pessimistic_days"] == "5.00"
    path = f"/v1/tasks/{task['id']}"
    # Merged with the stored estimate: an optimistic above the stored most likely.
    problem = await _refused(http, "PATCH", path, {"duration_optimistic_days": "3.5"})
    assert problem["code"] == "invalid_estimate"
    await _refused(http, "PATCH", path, {"duration_distribution": None})
    assert await get_task(http, task) == task
    cleared = await http.patch(
        path, json={name: None for name in estimate("0", "0", "0")} | {"optional": True}
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["duration_distribution"] is None and cleared.json()["optional"] is True


async def test_bad_schedule_impacts_on_risks_are_refused(http: httpx.AsyncClient) -> None:
    plan = await create_project(http, start_date=MONDAY)
    other = await create_project(http, start_date=MONDAY)
    mine = await add_task(http, plan["id"], name="Mine")
    theirs = await add_task(http, other["id"], name="Theirs")
    risks = f"/v1/projects/{plan['id']}/risks"
    impact = {
        "schedule_impact_min_days": "1",
        "schedule_impact_likely_days": "2",
        "schedule_impact_max_days": "4",
    }
    base = {"title": "R", "probability": 2, "impact": 3, "task_ids": [mine["id"]], **impact}
    for probability in ("0", "1.5", "-0.2"):
        body = {**base, "occurrence_probability": probability}
        assert "occurrence_probability" in _fields(await _refused(http, "POST", risks, body))
    partial = {**base, "schedule_impact_max_days": None, "occurrence_probability": "0.3"}
    assert _fields(await _refused(http, "POST", risks, partial)) == {"schedule_impact_max_days"}
    backwards = {**base, "occurrence_probability": "0.3", "schedule_impact_min_days": "3"}
    assert _fields(await _refused(http, "POST", risks, backwards)) == {"schedule_impact_min_days"}
    foreign = {**base, "occurrence_probability": "0.3", "task_ids": [theirs["id"]]}
    assert _fields(await _refused(http, "POST", risks, foreign)) == {"task_ids"}
    assert (await http.get(risks)).json()["items"] == []
    good = await http.post(risks, json={**base, "occurrence_probability": "0.3"})
    assert good.status_code == 201, good.text
    risk = good.json()
    problem = await _refused(
        http, "PATCH", f"/v1/risks/{risk['id']}", {"schedule_impact_max_days": "1.5"}
    )
    assert problem["code"] == "invalid_schedule_impact"
    assert (await http.get(f"/v1/risks/{risk['id']}")).json() == risk


async def test_a_bulk_push_with_a_bad_estimate_writes_nothing(http: httpx.AsyncClient) -> None:
    plan = await create_project(http, start_date=MONDAY)
    item = {"external_source": "erp", "name": "T", "duration_days": "3"}
    body = {
        "items": [
            {**item, "external_id": "1", **estimate("1", "3", "5", "pert"), "optional": True},
            {**item, "external_id": "2", **estimate("4", "3", "5")},
        ]
    }
    problem = await _refused(http, "POST", f"/v1/projects/{plan['id']}/tasks:bulk", body)
    assert "duration_optimistic_days" in problem["detail"]
    assert (await http.get(f"/v1/projects/{plan['id']}/tasks")).json()["items"] == []
    body["items"] = body["items"][:1]
    pushed = await http.post(f"/v1/projects/{plan['id']}/tasks:bulk", json=body)
    assert pushed.status_code == 200, pushed.text
    (task,) = (await http.get(f"/v1/projects/{plan['id']}/tasks")).json()["items"]
    assert task["duration_distribution"] == "pert" and task["optional"] is True


async def test_bad_analyses_are_refused_and_nothing_is_queued(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    plan, a, b = await closed_form_plan(http)
    other, x, _ = await closed_form_plan(http)
    path = f"/v1/projects/{plan['id']}/risk-analyses"
    problem = await _refused(http, "POST", path, {"iterations": 10_000_000})
    assert problem["code"] == "iteration_limit" and problem["limit"] == MAX_ITERATIONS
    assert _fields(problem) == {"iterations"}
    await _refused(http, "POST", path, {"iterations": 0})
    foreign = {"correlations": [{"task_a": b["id"], "task_b": x["id"], "rho": 0.5}]}
    assert _fields(await _refused(http, "POST", path, foreign)) == {"correlations[0].task_b"}
    fixed = {"correlations": [{"task_a": b["id"], "task_b": a["id"], "rho": 0.5}]}
    assert (await _refused(http, "POST", path, fixed))["code"] == "invalid_correlation"
    await _refused(http, "POST", path, {"correlations": [{**fixed["correlations"][0], "rho": 1}]})
    await _refused(http, "POST", f"/v1/projects/{uuid.uuid4()}/risk-analyses", {}, status=404)
    await _refused(http, "GET", f"/v1/risk-analyses/{uuid.uuid4()}", None, status=404)
    assert await _queued(projects_app, plan["id"]) == (0, 0)
    assert await _queued(projects_app, other["id"]) == (0, 0)


async def test_a_plan_with_a_cycle_is_refused_naming_its_tasks(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    """Every write path refuses a cycle, so the looping link is written around the API (as
    a damaged database might have it)."""
    plan, a, b = await closed_form_plan(http)
    async with projects_app.state.sessionmaker() as session:
        session.add(
            Dependency(
                project_id=uuid.UUID(plan["id"]),
                predecessor_id=uuid.UUID(b["id"]),
                successor_id=uuid.UUID(a["id"]),
            )
        )
        await session.commit()
    path = f"/v1/projects/{plan['id']}/risk-analyses"
    problem = await _refused(http, "POST", path, {})
    assert problem["code"] == "schedule_cycle"
    assert {task["id"] for task in problem["cycle"]} == {a["id"], b["id"]}
    assert await _queued(projects_app, plan["id"]) == (0, 0)


async def test_a_lag_marked_optional_round_trips(http: httpx.AsyncClient) -> None:
    plan, a, b = await closed_form_plan(http)
    c = await add_task(http, plan["id"], name="C", duration_days="1")
    body = {
        "predecessor_id": a["id"],
        "successor_id": c["id"],
        "lag_days": "2",
        "lag_optional": True,
    }
    made = await http.post(f"/v1/projects/{plan['id']}/dependencies", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["lag_optional"] is True
    path = f"/v1/dependencies/{made.json()['id']}"
    assert (await http.patch(path, json={"lag_days": "1"})).json()["lag_optional"] is True
    assert (await http.patch(path, json={"lag_optional": False})).json()["lag_optional"] is False
    push = {
        "items": [
            {
                "external_source": "erp",
                "external_id": "buffer",
                "predecessor_id": b["id"],
                "successor_id": c["id"],
                "lag_days": "3",
                "lag_optional": True,
            }
        ]
    }
    pushed = await http.post(f"/v1/projects/{plan['id']}/dependencies:bulk", json=push)
    assert pushed.status_code == 200, pushed.text
    link_id = pushed.json()["items"][0]["id"]
    links = (await http.get(f"/v1/projects/{plan['id']}/dependencies")).json()["items"]
    assert {link["id"]: link["lag_optional"] for link in links}[link_id] is True
