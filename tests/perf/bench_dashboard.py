"""The portfolio dashboard through REST (issue 10 target: 1,000 projects / 200,000 tasks,
p50 <= 500 ms).

    uv run python tests/perf/bench_dashboard.py [--projects 1000] [--tasks 200] [--runs 30]

The system runs as in production, one process per service (``pmo serve``, as ``make up``
starts it) on fresh migrated databases: reporting calls the projects and governance
services over real HTTP on local ports (1 + 2 x ceil(projects / 500) calls a dashboard:
5 for 1,000 projects), and reads its own snapshots.

Seeding writes rows straight into the bench's own databases with COPY (asyncpg's
``copy_records_to_table``), in seconds rather than the minutes the API would take: the
portfolio and the lifecycle come through the API, then per project its tasks (flat,
already scheduled: dates, floats; every 20th a milestone, spread over the months around
today), five risks and twelve actual cost entries; in governance an open gate review for
every seventh project and a compliance evaluation for four projects in five; in
reporting 30 daily snapshots per project (some of them worse than a week before).
Timed: ``GET /v1/portfolios/{id}/dashboard`` end to end, as the admin (every project), and
each upstream read alone for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from pmo.runner import SERVICE_ORDER, SystemProcesses, free_port, system_env
from shared.auth import mint_token
from shared.reads import asyncpg_dsn
from shared.settings import PROJECT_ROOT
from shared.testing.database import run_database_server, run_databases

TARGET_P50_MS = 500.0
STATUSES = ("proposed", "approved", "active", "active", "active", "on_hold", "completed")
PHASES = ("Initiation", "Planning", "Execution", "Execution", "Closure", None)
RAGS = ("green", "amber", "red")
SNAPSHOT_DAYS = 30
SEVERITIES = ("info", "minor", "major", "critical")
NOW = datetime.now(UTC)
TODAY = NOW.date()


TASK_COLUMNS = (
    "id project_id name position duration_days percent_complete constraint_type is_summary"
    " is_milestone critical version early_start early_finish late_start late_finish"
    " total_float_days free_float_days wbs_code cost"
)


async def copy(
    connection: asyncpg.Connection, table: str, columns: str, records: Iterable[tuple]
) -> None:
    await connection.copy_records_to_table(table, records=list(records), columns=columns.split())


def _task(project_id: uuid.UUID, start: datetime, k: int) -> tuple[Any, ...]:
    milestone = k % 20 == 19
    early_start = start + timedelta(days=k // 2, hours=8)
    duration = 0 if milestone else 1 + k % 4
    early_finish = early_start + timedelta(days=duration, hours=9 if duration else 0)
    percent = 100 if early_finish.date() < TODAY else 50 if early_start.date() < TODAY else 0
    return (
        uuid.uuid4(),
        project_id,
        f"Task {k}",
        k,
        Decimal(duration),
        Decimal(percent),
        "ASAP",
        False,
        milestone,
        k % 7 == 0,
        1,
        early_start,
        early_finish,
        early_start,
        early_finish,
        Decimal(k % 5),
        Decimal(0),
        str(k + 1),
        Decimal(1000 + 10 * (k % 9)),
    )


def _start(n: int) -> date:
    """Project n starts between 120 days ago and 60 days ahead."""
    return TODAY - timedelta(days=120 - n % 180)


def _project(n: int, pid: uuid.UUID, portfolio_id: uuid.UUID) -> tuple[Any, ...]:
    return (
        pid,
        f"BD-{n:05d}",
        f"Dashboard project {n}",
        STATUSES[n % len(STATUSES)],
        PHASES[n % len(PHASES)],
        "medium",
        [],
        1,
        portfolio_id,
        Decimal(100_000 + n),
        "EUR",
        _start(n),
    )


async def seed_projects(url: str, portfolio_id: uuid.UUID, projects: int, tasks: int) -> list:
    """Projects, their plans (flat, scheduled), risks and actual costs; answers the ids."""
    ids = [uuid.uuid4() for _ in range(projects)]
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await copy(
            connection,
            "projects",
            "id code name status phase priority tags version portfolio_id budget currency"
            " start_date",
            (_project(n, pid, portfolio_id) for n, pid in enumerate(ids)),
        )
        for n, pid in enumerate(ids):
            start = datetime.combine(_start(n), datetime.min.time())
            plan = (_task(pid, start, k) for k in range(tasks))
            await copy(connection, "tasks", TASK_COLUMNS, plan)
        await copy(
            connection,
            "risks",
            "id project_id title status probability impact task_ids version",
            (
                (
                    uuid.uuid4(),
                    pid,
                    f"Risk {r}",
                    "open" if r < 4 else "closed",
                    1 + (n + r) % 5,
                    1 + (n * 3 + r) % 5,
                    [],
                    1,
                )
                for n, pid in enumerate(ids)
                for r in range(5)
            ),
        )
        await copy(
            connection,
            "actual_costs",
            "id project_id incurred_on amount currency category version",
            (
                (
                    uuid.uuid4(),
                    pid,
                    TODAY - timedelta(days=10 * c),
                    Decimal(2500 + c),
                    "EUR",
                    "labour",
                    1,
                )
                for pid in ids
                for c in range(12)
            ),
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return ids


def _by_severity() -> str:
    counts = {"passed": 1, "failed": 1, "not_applicable": 0}
    return json.dumps(dict.fromkeys(SEVERITIES, counts))


async def seed_governance(
    url: str, portfolio_id: uuid.UUID, lifecycle_id: str, ids: list[uuid.UUID]
) -> None:
    """An open gate review for every seventh project, an evaluation for four in five."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await copy(
            connection,
            "gate_reviews",
            "id project_id lifecycle_id from_phase to_phase state opened_by results"
            " evaluated_at checklist version",
            (
                (
                    uuid.uuid4(),
                    pid,
                    uuid.UUID(lifecycle_id),
                    "idea",
                    "approved",
                    "open",
                    "bench",
                    "[]",
                    NOW,
                    "{}",
                    1,
                )
                for pid in ids[::7]
            ),
        )
        batch = uuid.uuid4()
        await copy(
            connection,
            "evaluations",
            "id batch_id project_id portfolio_id evaluated_at evaluator score passed failed"
            " not_applicable by_severity standard_ids",
            (
                (
                    uuid.uuid4(),
                    batch,
                    pid,
                    portfolio_id,
                    NOW,
                    "bench",
                    Decimal(n * 37 % 101),
                    3,
                    1,
                    0,
                    _by_severity(),
                    [],
                )
                for n, pid in enumerate(ids)
                if n % 5
            ),
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def _rag(n: int, day_back: int) -> str:
    """Every fifth project turns a colour worse in the last week."""
    base = n % 3
    if n % 5 == 0 and day_back < 7 and base < 2:
        return RAGS[base + 1]
    return RAGS[base]


async def seed_snapshots(url: str, portfolio_id: uuid.UUID, ids: list[uuid.UUID]) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await copy(
            connection,
            "project_snapshots",
            "id project_id portfolio_id day taken_at status_date currency eac"
            " overdue_milestones open_risks open_high_risks evm overall_rag effective_rag"
            " health policy_version",
            (
                (
                    uuid.uuid4(),
                    pid,
                    portfolio_id,
                    TODAY - timedelta(days=back),
                    NOW,
                    TODAY - timedelta(days=back),
                    "EUR",
                    Decimal(110_000 + n + back),
                    0,
                    0,
                    0,
                    "{}",
                    _rag(n, back),
                    _rag(n, back),
                    "{}",
                    0,
                )
                for n, pid in enumerate(ids)
                for back in range(SNAPSHOT_DAYS)
            ),
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def expect(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in statuses, (response.request.url, response.text[:500])
    return response.json() if response.content else {}


async def _lifecycle(governance: httpx.AsyncClient) -> str:
    body = {
        "key": f"bench-{secrets.token_hex(3)}",
        "name": "Bench lifecycle",
        "phases": [{"key": "idea", "name": "Idea"}, {"key": "approved", "name": "Approved"}],
        "gates": [
            {
                "from_phase": "idea",
                "to_phase": "approved",
                "name": "Approval",
                "approver_roles": ["manager", "pmo"],
            }
        ],
    }
    lifecycle = await expect(await governance.post("/v1/lifecycles", json=body), 201)
    await expect(await governance.post(f"/v1/lifecycles/{lifecycle['id']}/publish"), 200)
    return str(lifecycle["id"])


async def seed(clients: dict[str, httpx.AsyncClient], urls: dict[str, str], args: Any) -> str:
    started = time.perf_counter()
    portfolio = await expect(
        await clients["projects"].post("/v1/portfolios", json={"name": "Bench dashboard"}), 201
    )
    portfolio_id = uuid.UUID(portfolio["id"])
    lifecycle_id = await _lifecycle(clients["governance"])
    ids = await seed_projects(urls["projects"], portfolio_id, args.projects, args.tasks)
    await seed_governance(urls["governance"], portfolio_id, lifecycle_id, ids)
    await seed_snapshots(urls["reporting"], portfolio_id, ids)
    print(
        f"seeded {args.projects:,} projects x {args.tasks} tasks "
        f"({args.projects * args.tasks:,} tasks) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return str(portfolio_id)


async def timed(call: Callable[[], Awaitable[Any]], runs: int) -> tuple[list[float], Any]:
    times, last = [], None
    for _ in range(runs):
        started = time.perf_counter()
        last = await call()
        times.append((time.perf_counter() - started) * 1000)
    return times, last


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def report(clients: dict[str, httpx.AsyncClient], portfolio_id: str, args: Any) -> bool:
    reporting, projects, governance = (clients[s] for s in ("reporting", "projects", "governance"))

    async def dashboard() -> Any:
        return await expect(await reporting.get(f"/v1/portfolios/{portfolio_id}/dashboard"), 200)

    for _ in range(3):  # warm up: compiled statements, connection pools
        board = await dashboard()
    assert board["missing"] == [], board["missing"]
    ids = [row["project_id"] for row in board["projects"]]
    batches = [",".join(ids[i : i + 500]) for i in range(0, len(ids), 500)]

    async def facts() -> Any:
        url = f"/v1/portfolios/{portfolio_id}/dashboard-facts"
        return await expect(await projects.get(url), 200)

    async def gates() -> Any:
        params = [{"project_ids": b, "state": "open", "limit": 500} for b in batches]
        return await asyncio.gather(*(governance.get("/v1/gate-reviews", params=p) for p in params))

    async def scores() -> Any:
        params = [{"project_ids": b} for b in batches]
        return await asyncio.gather(
            *(governance.get("/v1/evaluations/latest", params=p) for p in params)
        )

    rows = [
        (
            "GET /v1/portfolios/{id}/dashboard (reporting, end to end)",
            *await timed(dashboard, args.runs),
        ),
        ("  projects: GET .../dashboard-facts (1 call)", *await timed(facts, args.runs)),
        (
            f"  governance: GET /v1/gate-reviews ({len(batches)} calls at once)",
            *await timed(gates, args.runs),
        ),
        (
            f"  governance: GET /v1/evaluations/latest ({len(batches)} calls at once)",
            *await timed(scores, args.runs),
        ),
    ]
    _, _, board = rows[0]
    print(
        f"\n{args.runs} runs each; {board['project_count']:,} projects; "
        f"{board['milestones_due']['total']:,} milestones due in 30 days "
        f"({len(board['milestones_due']['items'])} listed); {len(board['gates_pending'])} gates "
        f"pending; {len(board['worsened'])} worsened; compliance not evaluated "
        f"{board['compliance']['not_evaluated']}; upstream calls per dashboard: "
        f"{1 + 2 * len(batches)}\n"
    )
    print("| operation | p50 ms | p95 ms | best ms | target p50 ms |")
    print("|---|---:|---:|---:|---:|")
    for name, times, _ in rows:
        target = f"{TARGET_P50_MS:g}" if "end to end" in name else "-"
        print(
            f"| {name} | {statistics.median(times):.0f} | {percentile(times, 0.95):.0f} "
            f"| {min(times):.0f} | {target} |"
        )
    return statistics.median(rows[0][1]) <= TARGET_P50_MS


async def main(system: SystemProcesses, token: str, urls: dict[str, str], args: Any) -> bool:
    headers = {"authorization": f"Bearer {token}"}
    names = ("projects", "governance", "reporting")
    clients = {
        name: httpx.AsyncClient(base_url=system.url(name), headers=headers, timeout=600)
        for name in names
    }
    try:
        portfolio_id = await seed(clients, urls, args)
        return await report(clients, portfolio_id, args)
    finally:
        for client in clients.values():
            await client.aclose()


def run(args: Any) -> bool:
    secret = os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_ENVIRONMENT", "test")
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    token = mint_token(secret, subject="bench", roles=["admin"], ttl_seconds=3600)
    with run_database_server() as server, run_databases(server, "bench_dashboard") as urls:
        system = SystemProcesses(ports={s: free_port() for s in SERVICE_ORDER})
        system.start(system_env(urls, system.ports), log_dir=PROJECT_ROOT / ".state" / "bench-logs")
        try:
            system.wait_ready()
            return asyncio.run(main(system, token, urls, args))
        finally:
            system.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=30)
    run(parser.parse_args())
