"""Compliance evaluation of a whole portfolio through the REST API (issue 9 target:
200 projects x 30 rules, DCMA checks included, 100 tasks each, in <= 3 s).

    uv run python tests/perf/bench_governance.py [--projects 200] [--tasks 100] [--rules 30]

The system runs as in production, one process per service (``pmo serve``, as ``make up``
starts it) on fresh migrated databases, so governance reads the projects service over real
HTTP and evaluates one batch of facts while the projects service computes the next. The
portfolio is seeded through the
projects API: each project's plan (phases of nine tasks under a summary, a finish-to-start
chain with a few lags and start-to-start links, one hard constraint) with the bulk
endpoints, a baseline and a status update. The standard holds ``--rules`` rules made from
every registered rule kind's example parameters in turn (so every kind, DCMA's included,
runs). Timed: ``POST /v1/evaluations {portfolio_id}`` end to end (facts read in batches,
rules run, evaluations and findings stored), and the facts read alone for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from pmo.runner import SERVICE_ORDER, SystemProcesses, free_port, system_env
from services.governance.rules import REGISTRY
from shared.auth import mint_token
from shared.clients.projects.facts import FACTS_BATCH
from shared.settings import PROJECT_ROOT
from shared.testing.database import run_database_server, run_databases

PHASE_SIZE = 10  # a summary and nine tasks
TARGET_SECONDS = 3.0
CONCURRENT_SEEDS = 8


def plan_items(tasks: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Bulk task and dependency items of one project's plan."""
    items: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    previous: str | None = None
    for phase in range(tasks // PHASE_SIZE):
        summary = f"S{phase}"
        items.append({"external_source": "bench", "external_id": summary, "name": summary})
        for step in range(PHASE_SIZE - 1):
            ident = f"T{phase}.{step}"
            item = {
                "external_source": "bench",
                "external_id": ident,
                "name": ident,
                "parent_external_id": summary,
                "duration_days": str(1 + (phase + step) % 9),
            }
            if phase == 1 and step == 0:
                item |= {"constraint_type": "SNLT", "constraint_date": "2026-03-02T08:00:00"}
            items.append(item)
            if previous is not None:
                link: dict[str, Any] = {
                    "external_source": "bench",
                    "external_id": f"L{ident}",
                    "predecessor_external_id": previous,
                    "successor_external_id": ident,
                }
                if step == 4:
                    link["lag_days"] = "2"
                if step == 6:
                    link["type"] = "SS"
                links.append(link)
            previous = ident
    return items, links


def rules(count: int) -> list[dict[str, Any]]:
    """``count`` rules over every registered kind in turn, with its example parameters."""
    kinds = sorted(REGISTRY.values(), key=lambda kind: (kind.category.value, kind.name))
    return [
        {"kind": kind.name, "params": dict(kind.example), "title": f"{kind.name} #{i}"}
        for i, kind in ((i, kinds[i % len(kinds)]) for i in range(count))
    ]


async def expect(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.request.url, response.text[:500])
    return response.json() if response.content else {}


async def seed_project(projects: httpx.AsyncClient, portfolio_id: str, tasks: int) -> None:
    project = await expect(
        await projects.post(
            "/v1/projects",
            json={
                "code": f"BG-{secrets.token_hex(4)}",
                "name": "Bench project",
                "portfolio_id": portfolio_id,
                "start_date": "2026-01-05",
                "sponsor": "Dana",
                "budget": "100000.00",
                "currency": "EUR",
                "tags": ["bench"],
            },
        ),
        201,
    )
    url = f"/v1/projects/{project['id']}"
    items, links = plan_items(tasks)
    await expect(await projects.post(f"{url}/tasks:bulk", json={"items": items}), 200, 201)
    await expect(await projects.post(f"{url}/dependencies:bulk", json={"items": links}), 200, 201)
    await expect(await projects.post(f"{url}/baselines/0"), 200, 201)
    rags = dict.fromkeys(("overall_rag", "schedule_rag", "cost_rag", "scope_rag", "risk_rag"))
    update = {"as_of": "2026-01-30", **{k: "green" for k in rags}}
    await expect(await projects.post(f"{url}/status-updates", json=update), 201)


async def seed(projects: httpx.AsyncClient, governance: httpx.AsyncClient, args: Any) -> str:
    portfolio = await expect(await projects.post("/v1/portfolios", json={"name": "Bench"}), 201)
    gate = asyncio.Semaphore(CONCURRENT_SEEDS)

    async def one() -> None:
        async with gate:
            await seed_project(projects, portfolio["id"], args.tasks)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(args.projects)))
    print(
        f"seeded {args.projects} projects x {args.tasks} tasks in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    standard = await expect(
        await governance.post("/v1/standards", json={"key": "bench", "title": "Bench"}), 201
    )
    for rule in rules(args.rules):
        await expect(await governance.post(f"/v1/standards/{standard['id']}/rules", json=rule), 201)
    await expect(await governance.post(f"/v1/standards/{standard['id']}/publish"), 200)
    return str(portfolio["id"])


async def timed_runs(call: Any, runs: int) -> tuple[list[float], Any]:
    times, last = [], None
    for _ in range(runs):
        started = time.perf_counter()
        last = await call()
        times.append(time.perf_counter() - started)
    return times, last


async def main(system: SystemProcesses, token: str, args: Any) -> None:
    headers = {"authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(
            base_url=system.url("projects"), headers=headers, timeout=600
        ) as projects,
        httpx.AsyncClient(
            base_url=system.url("governance"), headers=headers, timeout=600
        ) as governance,
    ):
        portfolio_id = await seed(projects, governance, args)
        await report(projects, governance, portfolio_id, args)


async def report(
    projects: httpx.AsyncClient, governance: httpx.AsyncClient, portfolio_id: str, args: Any
) -> None:
    async def evaluation() -> dict[str, Any]:
        response = await governance.post("/v1/evaluations", json={"portfolio_id": portfolio_id})
        return await expect(response, 201)

    listed = await expect(
        await projects.get("/v1/projects", params={"portfolio_id": portfolio_id, "limit": 500}), 200
    )
    ids = [p["id"] for p in listed["items"]]

    async def facts() -> None:
        batches = [ids[i : i + FACTS_BATCH] for i in range(0, len(ids), FACTS_BATCH)]
        answers = await asyncio.gather(
            *(
                projects.get("/v1/project-facts", params={"project_ids": ",".join(b)})
                for b in batches
            )
        )
        for answer in answers:
            await expect(answer, 200)

    await evaluation()  # warm up (compiled statements, caches)
    eval_times, answer = await timed_runs(evaluation, args.runs)
    fact_times, _ = await timed_runs(facts, args.runs)
    items = answer["items"]
    findings = sum(e["passed"] + e["failed"] + e["not_applicable"] for e in items)
    dcma = sum(1 for r in rules(args.rules) if REGISTRY[r["kind"]].category.value == "dcma")
    print(
        f"\n{args.runs} runs each; {len(items)} projects, {args.rules} rules ({dcma} DCMA), "
        f"{findings:,} findings per evaluation\n"
    )
    print("| operation | projects | median s | best s | target s |")
    print("|---|---:|---:|---:|---:|")
    for name, times, target in (
        ("POST /v1/evaluations (portfolio), end to end", eval_times, f"{TARGET_SECONDS:g}"),
        ("for comparison: the facts read alone (4 batches of 50)", fact_times, "-"),
    ):
        print(
            f"| {name} | {len(items)} | {statistics.median(times):.2f} | {min(times):.2f} "
            f"| {target} |"
        )


def run(args: Any) -> None:
    secret = os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_ENVIRONMENT", "test")
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    token = mint_token(secret, subject="bench", roles=["admin"], ttl_seconds=3600)
    with run_database_server() as server, run_databases(server, "bench_governance") as urls:
        system = SystemProcesses(ports={s: free_port() for s in SERVICE_ORDER})
        system.start(system_env(urls, system.ports), log_dir=PROJECT_ROOT / ".state" / "bench-logs")
        try:
            system.wait_ready()
            asyncio.run(main(system, token, args))
        finally:
            system.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--rules", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    run(parser.parse_args())
