"""Schedule risk analysis through the REST API (issue 12 target: 10,000 iterations of a
1,000-task plan <= 5 s, request to done).

    uv run python tests/perf/bench_risk_api.py [--tasks 1000] [--iterations 10000] [--runs 3]

The app runs in-process (httpx ASGITransport) with its queue worker on, on a fresh migrated
database. The plan is pushed through the bulk endpoints: chains of 20 finish-to-start tasks
of 1-5 days, chains joined every fifth task to the next chain's (so paths compete), every
task with a triangular or PERT estimate around its duration, and ten RAID risks with a
schedule impact on three tasks each. Convergence is off, so every iteration runs. Timed:
request (load, checks, store, queue) -> 202, then queued -> done polling the analysis.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import time
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from shared.auth import mint_token
from shared.testing.database import run_database_server, run_databases

START = "2027-01-04"
CHAIN = 20


async def _ok(http: httpx.AsyncClient, method: str, path: str, **kwargs: Any) -> dict:
    response = await http.request(method, path, **kwargs)
    assert response.status_code in (200, 201, 202), response.text[:500]
    return response.json() if response.content else {}


def _tasks(count: int, pick: random.Random) -> list[dict[str, Any]]:
    items = []
    for n in range(count):
        days = pick.randint(1, 5)
        items.append(
            {
                "external_source": "bench",
                "external_id": f"t{n}",
                "name": f"T{n}",
                "duration_days": str(days),
                "duration_optimistic_days": f"{days * 0.8:.2f}",
                "duration_most_likely_days": str(days),
                "duration_pessimistic_days": f"{days * pick.uniform(1.2, 2.0):.2f}",
                "duration_distribution": pick.choice(["triangular", "pert"]),
            }
        )
    return items


def _links(count: int) -> list[dict[str, Any]]:
    pairs = [(n - 1, n) for n in range(count) if n % CHAIN]
    pairs += [(n, n + CHAIN + 1) for n in range(0, count - CHAIN - 1, 5) if (n + 1) % CHAIN]
    return [
        {
            "external_source": "bench",
            "external_id": f"l{a}-{b}",
            "predecessor_external_id": f"t{a}",
            "successor_external_id": f"t{b}",
        }
        for a, b in pairs
    ]


async def make_plan(http: httpx.AsyncClient, tasks: int) -> str:
    pick = random.Random(tasks)  # the same plan every run
    body = {"code": f"MC-{secrets.token_hex(4)}", "name": "Risk bench", "start_date": START}
    project = (await _ok(http, "POST", "/v1/projects", json=body))["id"]
    pushed = await _ok(
        http, "POST", f"/v1/projects/{project}/tasks:bulk", json={"items": _tasks(tasks, pick)}
    )
    ids = [item["id"] for item in pushed["items"]]
    links = _links(tasks)
    for first in range(0, len(links), 1_000):  # a push takes at most 1,000 items
        batch = {"items": links[first : first + 1_000]}
        await _ok(http, "POST", f"/v1/projects/{project}/dependencies:bulk", json=batch)
    for r in range(10):
        risk = {
            "title": f"Risk {r}",
            "probability": 3,
            "impact": 3,
            "task_ids": pick.sample(ids, 3),
            "occurrence_probability": f"{pick.uniform(0.05, 0.5):.4f}",
            "schedule_impact_min_days": "1",
            "schedule_impact_likely_days": "2",
            "schedule_impact_max_days": "5",
        }
        await _ok(http, "POST", f"/v1/projects/{project}/risks", json=risk)
    return str(project)


async def analyse(http: httpx.AsyncClient, project: str, iterations: int) -> dict[str, Any]:
    began = time.perf_counter()
    body = {"iterations": iterations, "seed": 7, "convergence": False}
    analysis = await _ok(http, "POST", f"/v1/projects/{project}/risk-analyses", json=body)
    requested = time.perf_counter()
    while analysis["state"] not in ("succeeded", "failed", "cancelled"):
        await asyncio.sleep(0.05)
        analysis = await _ok(http, "GET", analysis["links"]["self"])
    done = time.perf_counter()
    assert analysis["state"] == "succeeded", analysis
    result = analysis["result"]
    return {
        "request": requested - began,
        "worker": done - requested,
        "total": done - began,
        "iterations": result["iterations_run"],
        "p50": result["p50_finish"],
        "p80": result["p80_finish"],
    }


async def main(database_url: str, tasks: int, iterations: int, runs: int) -> None:
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
        project = await make_plan(http, tasks)
        timings = [await analyse(http, project, iterations) for _ in range(runs)]
    print(f"\nRisk analysis of {tasks:,} tasks, {iterations:,} iterations, REST API (seconds)\n")
    print("| phase | median | max | target |")
    print("|---|---|---|---|")
    for phase, label in (
        ("request", "request (load, checks, store, queue) -> 202"),
        ("worker", "queued -> done (poll; child process, simulation, store)"),
        ("total", "total, request -> done"),
    ):
        values = [t[phase] for t in timings]
        target = "<= 5" if phase == "total" else ""
        print(f"| {label} | {statistics.median(values):.2f} | {max(values):.2f} | {target} |")
    last = timings[-1]
    print(
        f"| iterations run / P50 / P80 | {last['iterations']:,} | {last['p50']} | {last['p80']} |"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1_000)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    with run_database_server() as server, run_databases(server, "bench_risk_api") as urls:
        asyncio.run(main(urls["projects"], args.tasks, args.iterations, args.runs))
