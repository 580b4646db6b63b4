"""The daily snapshot of 1,000 projects (issue 10 target: <= 30 s).

    uv run python tests/perf/bench_snapshots.py [--projects 1000] [--tasks 10] [--runs 3]

The system runs as in production, one process per service (``pmo serve``) on fresh migrated
databases, so reporting reads the projects and governance services over real HTTP. Each
project is seeded through the projects API (its plan of ``--tasks`` chained tasks ending in
a milestone, with an open high risk, in one call; baseline 0; a status update); what would
take a call per project or per task (budgets before the baselines, then the status date,
progress and actual costs, whose API comes with another branch) is one SQL statement each
for the whole portfolio. Governance evaluates the portfolio
against a small published standard, so every project has a compliance score, and the
portfolio gets a health policy.

Timed: ``POST /v1/snapshots {portfolio_id}`` (first of the day, then taken again: replaced),
and the scheduler's daily run (``SnapshotScheduler.run_if_due``: every project in the
database, a transaction per batch of 100, under the advisory lock) run from this process
against the running services.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from pmo.runner import SERVICE_ORDER, SystemProcesses, free_port, system_env
from services.reporting.clock import FixedClock
from services.reporting.config import ReportingSettings
from services.reporting.health.sources import HealthSources
from services.reporting.identity import REPORTING
from services.reporting.snapshots.scheduler import JOB, SnapshotScheduler
from shared.auth import mint_token
from shared.clients.governance import GovernanceClient
from shared.clients.projects import ProjectsClient
from shared.db import make_engine, make_sessionmaker
from shared.service_identity import service_identity
from shared.settings import PROJECT_ROOT
from shared.testing.database import run_database_server, run_databases

TARGET_SECONDS = 30.0
CONCURRENT_SEEDS = 16
STATUS_DATE = "2026-02-13"
# What the API would take a call per project (and per task) for, one statement each for the
# whole portfolio: budgets (before the baselines capture them), then the status date,
# progress (the first third done, the next task half done) and actual costs at 110 % of
# the earned value (CPI about 0.91).
BUDGETS = text(
    """
    UPDATE tasks t SET cost = t.duration_days * 1000
    FROM projects p WHERE p.id = t.project_id AND p.portfolio_id = :portfolio_id
    """
)
PROGRESS = (
    text("UPDATE projects SET status_date = :status_date WHERE portfolio_id = :portfolio_id"),
    text(
        """
        UPDATE tasks t SET percent_complete = CASE
            WHEN t.wbs_code::int <= :done THEN 100 WHEN t.wbs_code::int = :done + 1 THEN 50
            ELSE 0 END
        FROM projects p WHERE p.id = t.project_id AND p.portfolio_id = :portfolio_id
        """
    ),
    text(
        """
        INSERT INTO actual_costs (id, project_id, task_id, incurred_on, amount, currency,
            category, created_at, updated_at, version)
        SELECT gen_random_uuid(), t.project_id, t.id, DATE '2026-02-02',
            round(t.cost * t.percent_complete / 100 * 1.1, 2), 'EUR', 'labour', now(), now(), 1
        FROM tasks t JOIN projects p ON p.id = t.project_id
        WHERE p.portfolio_id = :portfolio_id AND t.percent_complete > 0
        """
    ),
)


async def expect(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in statuses, (response.request.url, response.text[:500])
    return response.json() if response.content else {}


def plan(portfolio_id: str, tasks: int) -> dict[str, Any]:
    """A project with a chain of tasks ending in a milestone, and an open high risk."""
    items = [
        {"key": f"T{i}", "name": f"Task {i}", "duration_days": str(3 + i % 4)}
        for i in range(tasks - 1)
    ]
    items.append({"key": f"T{tasks - 1}", "name": "Done", "duration_days": "0"})
    return {
        "code": f"BS-{secrets.token_hex(5)}",
        "name": "Bench project",
        "portfolio_id": portfolio_id,
        "start_date": "2026-01-05",
        "budget": "100000.00",
        "currency": "EUR",
        "tasks": items,
        "dependencies": [
            {"predecessor_key": f"T{i - 1}", "successor_key": f"T{i}"} for i in range(1, tasks)
        ],
        "raid": {"risks": [{"title": "Supplier", "probability": 4, "impact": 4}]},
    }


async def each_project(count: int, work: Any) -> None:
    gate = asyncio.Semaphore(CONCURRENT_SEEDS)

    async def one(i: int) -> None:
        async with gate:
            await work(i)

    await asyncio.gather(*(one(i) for i in range(count)))


async def seed_projects(
    projects: httpx.AsyncClient, urls: dict[str, str], portfolio_id: str, args: Any
) -> None:
    """Plans through the API (one call each), budgets in SQL, baselines through the API,
    then the status date, progress and actual costs in SQL, and a status update each."""
    ids: list[str] = []

    async def create(_: int) -> None:
        answer = await projects.post("/v1/project-plans", json=plan(portfolio_id, args.tasks))
        ids.append((await expect(answer, 201))["project"]["id"])

    async def baseline(i: int) -> None:
        await expect(await projects.post(f"/v1/projects/{ids[i]}/baselines/0"), 200, 201)

    async def status_update(i: int) -> None:
        rags = ("overall_rag", "schedule_rag", "cost_rag", "scope_rag", "risk_rag")
        update = {"as_of": "2026-02-10", "narrative": "On it", **dict.fromkeys(rags, "amber")}
        url = f"/v1/projects/{ids[i]}/status-updates"
        await expect(await projects.post(url, json=update), 201)

    params = {"portfolio_id": portfolio_id}
    engine = make_engine(urls["projects"])
    try:
        await each_project(args.projects, create)
        async with engine.begin() as connection:
            await connection.execute(BUDGETS, params)
        await each_project(args.projects, baseline)
        async with engine.begin() as connection:
            done = {**params, "status_date": datetime(2026, 2, 13).date(), "done": args.tasks // 3}
            for statement in PROGRESS:
                await connection.execute(statement, done)
        await each_project(args.projects, status_update)
    finally:
        await engine.dispose()


async def seed(clients: dict[str, httpx.AsyncClient], urls: dict[str, str], args: Any) -> str:
    projects, governance = clients["projects"], clients["governance"]
    started = time.perf_counter()
    portfolio = await expect(await projects.post("/v1/portfolios", json={"name": "Bench"}), 201)
    await seed_projects(projects, urls, portfolio["id"], args)
    body = {"key": "bench", "title": "B"}
    standard = await expect(await governance.post("/v1/standards", json=body), 201)
    for field in ("sponsor", "budget", "start_date"):
        rule = {"kind": "required_field", "params": {"field": field}}
        url = f"/v1/standards/{standard['id']}/rules"
        await expect(await governance.post(url, json=rule), 201)
    await expect(await governance.post(f"/v1/standards/{standard['id']}/publish"), 200)
    evaluate = {"portfolio_id": portfolio["id"]}
    await expect(await governance.post("/v1/evaluations", json=evaluate), 201)
    policy = {"thresholds": {"spi": {"amber": "0.9", "red": "0.8"}}}
    url = f"/v1/portfolios/{portfolio['id']}/health-policy"
    await expect(await clients["reporting"].put(url, json=policy), 200)
    print(
        f"seeded {args.projects} projects x {args.tasks} tasks (a baseline, progress, costs, "
        f"a risk, a status update, a compliance evaluation each) in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return str(portfolio["id"])


async def timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    answer = await call()
    return time.perf_counter() - started, answer


async def scheduler_runs(system: SystemProcesses, urls: dict[str, str], runs: int) -> list[float]:
    """The daily job as the scheduler runs it, one run per (fixed) day."""
    engine = make_engine(urls["reporting"])
    projects = ProjectsClient(system.url("projects"), timeout=httpx.Timeout(120.0))
    governance = GovernanceClient(system.url("governance"), timeout=httpx.Timeout(120.0))
    settings = ReportingSettings(database_url=urls["reporting"])  # type: ignore[call-arg]
    clock = FixedClock(datetime(2030, 1, 1, 2, tzinfo=UTC))
    scheduler = SnapshotScheduler(
        engine,
        make_sessionmaker(engine),
        HealthSources(projects, governance),
        service_identity(REPORTING),
        clock,
        settings,
    )
    times = []
    try:
        for run in range(runs):
            clock.moment = datetime(2030, 1, 1, 2, tzinfo=UTC) + timedelta(days=run)
            seconds, ran = await timed(scheduler.run_if_due)
            assert ran, "the scheduler did not take the day's snapshots"
            times.append(seconds)
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text("SELECT projects FROM snapshot_runs WHERE job = :j"), {"j": JOB}
                )
            ).one()
        print(f"scheduler: {row.projects} projects a run", flush=True)
    finally:
        await projects.aclose()
        await governance.aclose()
        await engine.dispose()
    return times


async def show_a_sample(clients: dict[str, httpx.AsyncClient], portfolio_id: str) -> None:
    """One project's snapshot, to show the figures are real ones."""
    listed = await clients["projects"].get(
        "/v1/projects", params={"portfolio_id": portfolio_id, "limit": 1}
    )
    project_id = (await expect(listed, 200))["items"][0]["id"]
    page = await clients["reporting"].get(
        f"/v1/projects/{project_id}/snapshots", params={"from": "2020-01-01", "to": "2029-12-31"}
    )
    [snapshot] = (await expect(page, 200))["items"]
    figures = {k: snapshot[k] for k in ("spi", "cpi", "spi_t", "compliance_score", "overall")}
    print(f"a snapshot: {figures}", flush=True)


async def main(system: SystemProcesses, urls: dict[str, str], token: str, args: Any) -> None:
    headers = {"authorization": f"Bearer {token}"}
    clients = {
        name: httpx.AsyncClient(base_url=system.url(name), headers=headers, timeout=600)
        for name in ("projects", "governance", "reporting")
    }
    try:
        portfolio_id = await seed(clients, urls, args)

        async def take() -> dict[str, Any]:
            response = await clients["reporting"].post(
                "/v1/snapshots", json={"portfolio_id": portfolio_id}
            )
            return await expect(response, 200)

        first, answer = await timed(take)
        await show_a_sample(clients, portfolio_id)
        assert answer["projects"] == args.projects and answer["created"] == args.projects, answer
        again = [await timed(take) for _ in range(args.runs)]
        assert all(a["replaced"] == args.projects for _, a in again)
        scheduled = await scheduler_runs(system, urls, args.runs)
    finally:
        for client in clients.values():
            await client.aclose()
    report(args, first, [s for s, _ in again], scheduled)


def report(args: Any, first: float, again: list[float], scheduled: list[float]) -> None:
    print(f"\n{args.projects} projects x {args.tasks} tasks; {args.runs} runs of each repeat\n")
    print("| operation | projects | median s | best s | projects/s (median) | target s |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = (
        ("POST /v1/snapshots (portfolio), first of the day", [first]),
        ("POST /v1/snapshots (portfolio), taken again (replaced)", again),
        ("Daily scheduler run (every project, advisory lock)", scheduled),
    )
    for name, times in rows:
        median = statistics.median(times)
        print(
            f"| {name} | {args.projects} | {median:.2f} | {min(times):.2f} "
            f"| {args.projects / median:.0f} | {TARGET_SECONDS:g} |"
        )


def run(args: Any) -> None:
    secret = os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_ENVIRONMENT", "test")
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    token = mint_token(secret, subject="bench", roles=["admin"], ttl_seconds=3600)
    with run_database_server() as server, run_databases(server, "bench_snapshots") as urls:
        system = SystemProcesses(ports={s: free_port() for s in SERVICE_ORDER})
        system.start(system_env(urls, system.ports), log_dir=PROJECT_ROOT / ".state" / "bench-logs")
        try:
            system.wait_ready()
            asyncio.run(main(system, urls, token, args))
        finally:
            system.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    run(parser.parse_args())
