"""A mutation that moves a task in a 1,000-task plan through the gateway, beside the same edit
through REST (issue 14).

    uv run python tests/perf/bench_mutation.py [--tasks 1000] [--edits 20]

The projects service and the GraphQL gateway run in-process (httpx ASGITransport) on a fresh
migrated database; the gateway reaches the service through the ``transports`` seam, wrapped to
count its upstream calls. The plan is seeded with plain INSERTs and scheduled once (as in
bench_schedule_api). Each timed edit changes one task's duration, so it and its successors
move: REST ``PATCH /v1/tasks/{id}`` with If-Match, and the ``updateTask`` mutation with
``expectedVersion`` and ``changedTasks``, alternating. The version each edit sends is read
before the clock starts, as a client holding the task would have it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from services.gateway.config import GatewaySettings
from services.gateway.ids import global_id
from services.gateway.main import create_app as create_gateway_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.projects.models import Task
from shared.auth import mint_token
from shared.concurrency import etag_for
from shared.testing.database import fresh_migrated_databases, run_database_server
from tests.perf.bench_schedule_api import seed

UPDATE_TASK = """
mutation Move($input: UpdateTaskInput!) {
  updateTask(input: $input) {
    task { id version durationDays earlyStart earlyFinish }
    changedTasks { id earlyStart earlyFinish }
    userErrors { field message code }
  }
}
"""


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class CountingTransport(httpx.AsyncBaseTransport):
    """Delegates to another transport and counts the requests it carries."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.calls: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(f"{request.method} {UUID.sub('{id}', request.url.path)}")
        return await self.inner.handle_async_request(request)


@dataclass
class Path:
    label: str
    times: list[float] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    upstream_calls: list[int] = field(default_factory=list)


async def current(rest: httpx.AsyncClient, task_id: uuid.UUID) -> dict[str, Any]:
    response = await rest.get(f"/v1/tasks/{task_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def rest_edit(rest: httpx.AsyncClient, task: dict[str, Any], duration: str) -> float:
    headers = {"if-match": etag_for(task["version"])}
    started = time.perf_counter()
    response = await rest.patch(
        f"/v1/tasks/{task['id']}", json={"duration_days": duration}, headers=headers
    )
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.text
    assert float(response.json()["duration_days"]) == float(duration), response.text
    return elapsed


async def graphql_edit(
    gateway: httpx.AsyncClient, task: dict[str, Any], duration: str
) -> tuple[float, int]:
    variables = {
        "input": {
            "id": global_id("Task", task["id"]),
            "durationDays": duration,
            "expectedVersion": task["version"],
        }
    }
    started = time.perf_counter()
    response = await gateway.post("/graphql", json={"query": UPDATE_TASK, "variables": variables})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body
    payload = body["data"]["updateTask"]
    assert payload["userErrors"] == [], payload["userErrors"]
    assert payload["task"]["durationDays"] == float(duration), payload["task"]
    return elapsed, len(payload["changedTasks"])


def new_duration(task: dict[str, Any]) -> str:
    """20 days longer (or back, when already lengthened): more than most tasks' free float,
    so the edit moves the task's finish and its successors."""
    old = int(float(task["duration_days"]))
    return str(old + 20 if old <= 10 else old - 20)


async def run_edits(
    rest: httpx.AsyncClient,
    gateway: httpx.AsyncClient,
    upstream: CountingTransport,
    ids: list[uuid.UUID],
    edits: int,
) -> tuple[Path, Path]:
    rng = random.Random(11)
    via_rest, via_graphql = Path("REST PATCH"), Path("GraphQL updateTask")
    for _ in range(edits):
        task = await current(rest, rng.choice(ids))
        via_rest.times.append(await rest_edit(rest, task, new_duration(task)))
        task = await current(rest, rng.choice(ids))
        upstream.calls.clear()  # the version reads go straight to the service, uncounted
        elapsed, changed = await graphql_edit(gateway, task, new_duration(task))
        via_graphql.times.append(elapsed)
        via_graphql.changed.append(changed)
        via_graphql.upstream_calls.append(len(upstream.calls))
    return via_rest, via_graphql


def spread(values: list[int]) -> str:
    """min / median / max, or "-" when the path gives none."""
    if not values:
        return "-"
    return f"{min(values)} / {statistics.median(values):.0f} / {max(values)}"


def table(tasks: int, edits: int, paths: tuple[Path, ...], last_calls: list[str]) -> str:
    lines = [
        f"Plan of {tasks:,} tasks, {edits} edits per path (alternating); min / median / max.\n",
        "| path | p50 ms | p90 ms | max ms | changed tasks returned | upstream calls |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for path in paths:
        times = sorted(path.times)
        p90 = times[max(0, int(len(times) * 0.9) - 1)]
        changed = spread(path.changed) if path.changed else "n/a (the task only)"
        lines.append(
            f"| {path.label} | {statistics.median(times):.1f} | {p90:.1f} | {times[-1]:.1f}"
            f" | {changed} | {spread(path.upstream_calls)} |"
        )
    lines.append("\nUpstream calls of the last mutation:")
    lines += [f"- {call} x{n}" for call, n in Counter(last_calls).items()]
    return "\n".join(lines)


async def critical_tasks(
    app: FastAPI, project_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    """The critical tasks of the plan's first half: lengthening one moves every task after it
    on the critical path (a task with float might move nothing but itself)."""
    first_half = ids[: len(ids) // 2]
    async with app.state.sessionmaker() as session:
        rows = await session.scalars(
            select(Task.id).where(
                Task.project_id == project_id, Task.critical, Task.id.in_(first_half)
            )
        )
        return list(rows) or first_half


async def main(tasks: int, edits: int, urls: dict[str, str]) -> None:
    projects = create_projects_app(ProjectsSettings(database_url=urls["projects"]))
    token = mint_token(os.environ["PMO_AUTH_JWT_SECRET"], subject="bench", roles=["admin"])
    headers = {"authorization": f"Bearer {token}"}
    upstream = CountingTransport(httpx.ASGITransport(app=projects))
    gateway_app = create_gateway_app(
        GatewaySettings(
            projects_url="http://projects",
            governance_url="http://governance",
            reporting_url="http://reporting",
        ),
        transports={"projects": upstream},
    )
    async with LifespanManager(projects), LifespanManager(gateway_app):
        ids = await critical_tasks(projects, *await seed(projects, tasks))
        async with (
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=projects),
                base_url="http://bench",
                headers=headers,
            ) as rest,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=gateway_app),
                base_url="http://gateway",
                headers=headers,
            ) as gateway,
        ):
            await run_edits(rest, gateway, upstream, ids, 2)  # warm up
            paths = await run_edits(rest, gateway, upstream, ids, edits)
            print(table(tasks, edits, paths, upstream.calls))


if __name__ == "__main__":
    os.environ.setdefault("PMO_ENVIRONMENT", "test")
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    # Built before the loop starts: the helper runs its own event loop.
    with run_database_server() as server:
        database_urls = fresh_migrated_databases(server, "pmo_bench_mutation")
        asyncio.run(main(args.tasks, args.edits, database_urls))
