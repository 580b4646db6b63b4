"""The facts of 50 projects of 100 tasks each in one batch read, through the REST API (what
a compliance evaluation reads per batch: a portfolio of 200 projects takes four, within the
issue 9 budget of 3 s for the whole evaluation).

    uv run python tests/perf/bench_facts.py [--projects 50] [--tasks 100] [--runs 7]

The app runs in-process (httpx ASGITransport) on a fresh migrated database. Each project is
an MSPDI import (phases of 25 tasks, a finish-to-start chain in each, phases linked), with a
baseline, a risk and a status update.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import time

import httpx
from asgi_lifespan import LifespanManager

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from shared.auth import mint_token
from shared.testing.database import run_database_server, run_databases
from tests.perf.bench_import_bulk import mspdi

STATUS_UPDATE = {
    "as_of": "2026-01-09",
    "overall_rag": "green",
    "schedule_rag": "green",
    "cost_rag": "green",
    "scope_rag": "green",
    "risk_rag": "amber",
}


async def _project(http: httpx.AsyncClient, file: bytes) -> str:
    response = await http.post(
        f"/v1/imports/mspdi?code=FACTS-{secrets.token_hex(4)}",
        content=file,
        headers={"content-type": "application/xml"},
    )
    assert response.status_code == 201, response.text[:500]
    project_id: str = response.json()["id"]
    in_project = f"/v1/projects/{project_id}"
    for path, body in (
        (f"{in_project}/baselines/0", None),
        (f"{in_project}/risks", {"title": "Late supplier", "probability": 4, "impact": 4}),
        (f"{in_project}/status-updates", STATUS_UPDATE),
    ):
        answer = await http.post(path, json=body)
        assert answer.status_code == 201, answer.text[:500]
    return project_id


async def main(database_url: str, projects: int, tasks: int, runs: int) -> None:
    token = mint_token(os.environ["PMO_AUTH_JWT_SECRET"], subject="bench", roles=["admin"])
    app = create_app(ProjectsSettings(database_url=database_url))
    file = mspdi(tasks, phase_size=25)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://bench",
            headers={"authorization": f"Bearer {token}"},
            timeout=120,
        ) as http,
    ):
        ids = [await _project(http, file) for _ in range(projects)]
        params = {"project_ids": ",".join(ids)}
        times = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            response = await http.get("/v1/project-facts", params=params)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text[:500]
            assert len(response.json()["items"]) == projects
        times = times[1:]  # the first run compiles and warms up
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            await http.get("/v1/project-facts", params=params)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(45)
    print(f"\n{runs} runs; {projects} projects x {tasks} tasks per batch\n")
    print("| operation | median ms | best ms | budget |")
    print("|---|---:|---:|---|")
    print(
        f"| facts batch read | {statistics.median(times) * 1000:.0f} | "
        f"{min(times) * 1000:.0f} | 4 batches + rules <= 3 s |"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    with run_database_server() as server, run_databases(server, "bench_facts") as urls:
        asyncio.run(main(urls["projects"], args.projects, args.tasks, args.runs))
