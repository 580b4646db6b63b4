"""The demo's staffing: people of the pool on the phases of the projects, so capacity and
levelling have something to show. Bruno (a developer, full time) is on the Build phase of
both the ERP replacement and the HR portal at 100 %: the two phases run over the same
weeks, so he is over-allocated there.

Loaded after the projects' baselines and progress: the approved plans' budgets (and the
demo's earned value figures) stay what they were; the tasks' current budgets show the
people's cost on top."""

from __future__ import annotations

from typing import Any

from pmo.seed_resources import HR_SOURCE
from shared.http import ServiceClient

# project code -> [(phase, resource external id, units)]
DEMO_ASSIGNMENTS: dict[str, list[tuple[str, str, str]]] = {
    "ERP-2027": [
        ("Initiation", "E-1001", "0.50"),
        ("Requirements", "E-1003", "0.80"),
        ("Design", "E-1004", "0.50"),
        ("Build", "E-1002", "1.00"),
        ("Build", "R-DEV-SR", "2.00"),
        ("Test", "R-BA", "1.00"),
    ],
    "HR-SELF": [
        ("Requirements", "R-BA", "0.50"),
        ("Build", "E-1002", "1.00"),
    ],
}
OVER_ALLOCATED = ("E-1002", "Build")  # Bruno, on both projects' Build phase


async def seed_assignments(projects: ServiceClient, seeded: list[dict[str, Any]]) -> None:
    """Keyed by idempotency keys: loaded again, nothing is assigned twice."""
    pool = await _pool(projects)
    for project in seeded:
        wanted = DEMO_ASSIGNMENTS.get(project["code"], [])
        if not wanted:
            continue
        tasks = await projects.get_json(
            f"/v1/projects/{project['id']}/tasks", {"fields": "name", "limit": 500}
        )
        by_name = {task["name"]: task["id"] for task in tasks["items"]}
        for phase, external_id, units in wanted:
            await projects.send_json(
                "POST",
                f"/v1/tasks/{by_name[phase]}/assignments",
                {"resource_id": pool[external_id], "units": units},
                idempotency_key=f"demo-assign-{project['id']}-{phase}-{external_id}",
            )


async def _pool(projects: ServiceClient) -> dict[str, str]:
    listed = await projects.get_json("/v1/resources", {"limit": 200})
    return {r["external_id"]: r["id"] for r in listed["items"] if r["external_source"] == HR_SOURCE}
