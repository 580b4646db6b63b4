"""Assignments at scale through the REST API: a 10,000-task project (the EVM benchmark's
plan) with two people on every leaf task (20,000 assignments of 50 people whose rates rise
mid-project), costed on read.

    uv run python tests/perf/bench_assignments.py [--tasks 10000] [--runs 10]

Timed: a page of 500 assignments with their work and cost, the whole project's resource
costs (what a baseline capture and the baseline variance compute: one query for the
assignments, one for the rates), a baseline capture with them, and the project's EVM with
the people in its budget."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import time
import uuid
from datetime import date
from decimal import Decimal

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import insert, select

from services.projects.assignments.service import task_resource_costs
from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from services.projects.models import Assignment, Resource, ResourceRate, Task
from shared.auth import mint_token
from shared.testing.database import run_database_server, run_databases
from tests.perf.bench_evm import STATUS_DATE, _ok, _row, _times, evm_mspdi

PEOPLE = 50


async def _staff(app: object, project_id: str) -> int:
    """50 people (100 an hour, 110 from April), two of them on every leaf task."""
    project = uuid.UUID(project_id)
    async with app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        people = [
            Resource(id=uuid.uuid4(), kind="person", name=f"P{i}", max_units=Decimal(1))
            for i in range(PEOPLE)
        ]
        session.add_all(people)
        await session.flush()
        rates = [
            {
                "id": uuid.uuid4(),
                "resource_id": p.id,
                "effective_from": day,
                "rate_per_hour": r,
                "currency": "EUR",
                "version": 1,
            }
            for p in people
            for day, r in ((date(2026, 1, 1), Decimal(100)), (date(2026, 4, 1), Decimal(110)))
        ]
        await session.execute(insert(ResourceRate), rates)
        leaves = (
            await session.scalars(
                select(Task.id).where(Task.project_id == project, Task.is_summary.is_(False))
            )
        ).all()
        rows = [
            {
                "id": uuid.uuid4(),
                "task_id": task_id,
                "project_id": project,
                "version": 1,
                "resource_id": people[(n + k) % PEOPLE].id,
                "units": Decimal("0.50"),
            }
            for n, task_id in enumerate(leaves)
            for k in (0, 1)
        ]
        await session.execute(insert(Assignment), rows)
        await session.commit()
    return len(rows)


async def main(database_url: str, tasks: int, runs: int) -> None:
    token = mint_token(os.environ["PMO_AUTH_JWT_SECRET"], subject="bench", roles=["admin"])
    app = create_app(ProjectsSettings(database_url=database_url))
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://bench",
            headers={"authorization": f"Bearer {token}"},
            timeout=300,
        ) as http,
    ):
        portfolio = await _ok(http, "POST", "/v1/portfolios", json={"name": "Staffed"})
        made = await _ok(
            http,
            "POST",
            f"/v1/imports/mspdi?code=AS-{secrets.token_hex(4)}",
            content=evm_mspdi(tasks),
            headers={"content-type": "application/xml"},
        )
        pid = made["id"]
        await _ok(http, "PATCH", f"/v1/projects/{pid}", json={"portfolio_id": portfolio["id"]})
        count = await _staff(app, pid)
        await _ok(http, "POST", f"/v1/projects/{pid}/baselines/0", json={"name": "Plan"})
        settings = {"status_date": STATUS_DATE.isoformat()}
        await _ok(http, "PATCH", f"/v1/projects/{pid}/schedule-settings", json=settings)

        async def costs() -> None:
            async with app.state.sessionmaker() as session:
                await task_resource_costs(session, [uuid.UUID(pid)])

        async def capture() -> httpx.Response:
            answer = await http.post(f"/v1/projects/{pid}/baselines/1?replace=true", json={})
            assert answer.status_code == 201, answer.text[:500]
            return httpx.Response(200)

        started = time.perf_counter()
        await costs()
        first_ms = 1000 * (time.perf_counter() - started)
        print(f"resource costs of {count:,} assignments, first call: {first_ms:.0f} ms")
        rows = [
            _row(
                "a page of 500 assignments",
                await _times(
                    lambda: http.get(f"/v1/projects/{pid}/assignments", params={"limit": 500}), runs
                ),
            ),
            _row(
                f"resource costs of the project ({count:,} assignments)",
                await _times(_timed_none(costs), runs),
            ),
            _row("baseline capture with resource costs", await _times(capture, max(3, runs // 3))),
            _row(
                "baseline variance, first page",
                await _times(lambda: http.get(f"/v1/projects/{pid}/baselines/0/variance"), runs),
            ),
            _row(
                f"project EVM, {tasks:,} tasks",
                await _times(lambda: http.get(f"/v1/projects/{pid}/evm"), runs),
                "<= 200",
            ),
        ]
        figures = await _ok(http, "GET", f"/v1/projects/{pid}/evm")
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            await costs()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    print(f"\nBAC with the people's cost: {figures['bac']}")
    print("| operation | first ms | p50 ms | p95 ms | best ms | target ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


def _timed_none(call):  # type: ignore[no-untyped-def]
    """_times expects a response; a plain coroutine gets a stand-in."""

    async def run() -> httpx.Response:
        await call()
        return httpx.Response(200)

    return run


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    with run_database_server() as server, run_databases(server, "bench_assign") as urls:
        asyncio.run(main(urls["projects"], args.tasks, args.runs))
