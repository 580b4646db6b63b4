"""A small planned project, made through the projects API, for the chart and report tests:
a summary phase over two tasks, a chain to a milestone (the critical path), a short task
off it, budgets on the leaves (20,000 in all), a baseline, then a task added after it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

PLAN_TASKS = [
    {"key": "phase", "name": "Phase one", "duration_days": "0"},
    {"key": "a", "name": "Analyse", "parent_key": "phase", "duration_days": "5"},
    {"key": "b", "name": "Build", "parent_key": "phase", "duration_days": "10"},
    {"key": "c", "name": "Check", "duration_days": "3"},
    {"key": "side", "name": "Side work", "duration_days": "2"},
    {"key": "done", "name": "Handover", "duration_days": "0", "milestone": True},
]
PLAN_LINKS = [("a", "b"), ("b", "c"), ("c", "done"), ("a", "side")]
# Each leaf's budget (the baseline captures it as the task's budget at completion).
PLAN_COSTS = {"a": "5000.00", "b": "10000.00", "c": "3000.00", "side": "2000.00"}


@dataclass
class PlannedProject:
    id: str
    code: str
    name: str
    task_ids: dict[str, str]
    late_task_id: str


async def planned_project(
    projects: httpx.AsyncClient, *, name: str = "Chart project", **fields: Any
) -> PlannedProject:
    code = f"CH-{secrets.token_hex(3)}"
    body = {
        "code": code,
        "name": name,
        "start_date": "2026-03-02",
        "budget": "100000.00",
        "currency": "EUR",
        "tasks": PLAN_TASKS,
        "dependencies": [{"predecessor_key": p, "successor_key": s} for p, s in PLAN_LINKS],
        **fields,
    }
    response = await projects.post("/v1/project-plans", json=body)
    assert response.status_code == 201, response.text
    plan = response.json()
    project_id = plan["project"]["id"]
    for key, cost in PLAN_COSTS.items():
        task = await projects.patch(f"/v1/tasks/{plan['task_ids'][key]}", json={"cost": cost})
        assert task.status_code == 200, task.text
    baseline = await projects.post(f"/v1/projects/{project_id}/baselines/0", json={})
    assert baseline.status_code == 201, baseline.text
    late = await projects.post(
        f"/v1/projects/{project_id}/tasks", json={"name": "Added later", "duration_days": "1"}
    )
    assert late.status_code == 201, late.text
    return PlannedProject(project_id, code, name, plan["task_ids"], late.json()["id"])
