"""One task edit in a big project through the REST API, reschedule included (issue 3: a
5,000-task project edit should take <= 300 ms p50).

    uv run python tests/perf/bench_schedule_api.py [--tasks 5000] [--edits 20]

The app runs in-process (httpx ASGITransport) on a fresh migrated database; the plan is seeded
with plain INSERTs (seeding 5,000 tasks one POST at a time would reschedule 5,000 times) and
scheduled once before the timed edits. Each edit changes one task's duration, so its
successors move. Printed: p50 / p90 of the edit with the engine in this process, then with
the engine in the worker process (the path plans above the size threshold take).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import time
import uuid
from decimal import Decimal

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import insert

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from services.projects.models import Dependency, Project, Task
from services.projects.schedule import runner
from services.projects.schedule.service import reschedule
from shared.auth import mint_token
from shared.testing.database import fresh_migrated_databases, run_database_server


async def seed(app, tasks: int, seed_value: int = 7) -> tuple[uuid.UUID, list[uuid.UUID]]:
    rng = random.Random(seed_value)
    project_id = uuid.uuid4()
    ids = [uuid.uuid4() for _ in range(tasks)]
    links: set[tuple[int, int]] = set()
    while len(links) < tasks * 2:
        s = rng.randrange(1, tasks)
        links.add((rng.randrange(max(0, s - 50), s), s))  # predecessors before successors
    async with app.state.sessionmaker() as session:
        await session.execute(
            insert(Project).values(
                id=project_id, code=f"BENCH-{project_id.hex[:6]}", name="Bench", tags=[]
            )
        )
        rows = [
            {
                "id": task_id,
                "project_id": project_id,
                "name": f"T{i}",
                "position": i,
                "duration_days": Decimal(rng.randint(1, 10)),
            }
            for i, task_id in enumerate(ids)
        ]
        for start in range(0, len(rows), 1000):
            await session.execute(insert(Task), rows[start : start + 1000])
        kinds = ("FS", "FS", "FS", "SS", "FF", "SF")
        link_rows = [
            {
                "project_id": project_id,
                "predecessor_id": ids[p],
                "successor_id": ids[s],
                "type": rng.choice(kinds),
                "lag_days": Decimal(rng.randint(-1, 2)),
            }
            for p, s in links
        ]
        for start in range(0, len(link_rows), 1000):
            await session.execute(insert(Dependency), link_rows[start : start + 1000])
        await reschedule(session, project_id)
        await session.commit()
    return project_id, ids


async def edit_times(http: httpx.AsyncClient, ids: list[uuid.UUID], edits: int) -> list[float]:
    rng = random.Random(11)
    times = []
    for _ in range(edits):
        task_id = ids[rng.randrange(len(ids) // 2)]
        body = {"duration_days": str(rng.randint(1, 10))}
        started = time.perf_counter()
        response = await http.patch(f"/v1/tasks/{task_id}", json=body)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return times


async def main(tasks: int, edits: int, urls: dict[str, str]) -> None:
    app = create_app(ProjectsSettings(database_url=urls["projects"]))
    token = mint_token(os.environ["PMO_AUTH_JWT_SECRET"], subject="bench", roles=["admin"])
    async with LifespanManager(app):
        _, ids = await seed(app, tasks)
        transport = httpx.ASGITransport(app=app)
        headers = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as http:
            print(f"{'engine':<16}{'tasks':>8}{'edits':>8}{'p50 ms':>10}{'p90 ms':>10}")
            for label, threshold in (("in-process", 10**9), ("worker process", 0)):
                runner.PROCESS_THRESHOLD = threshold
                await edit_times(http, ids, 2)  # warm up (starts the worker process)
                times = sorted(await edit_times(http, ids, edits))
                p50 = statistics.median(times)
                p90 = times[int(len(times) * 0.9) - 1]
                print(f"{label:<16}{tasks:>8}{edits:>8}{p50:>10.1f}{p90:>10.1f}")


if __name__ == "__main__":
    os.environ.setdefault("PMO_ENVIRONMENT", "test")
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    # Built before the loop starts: the helper runs its own event loop.
    with run_database_server() as server:
        database_urls = fresh_migrated_databases(server, "pmo_bench_schedule")
        asyncio.run(main(args.tasks, args.edits, database_urls))
