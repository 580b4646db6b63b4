"""MSPDI import of a 5,000-task file and bulk upserts of 1,000 tasks, through the REST API
(issue 3 targets: import <= 5 s, bulk upsert <= 2 s).

    uv run python tests/perf/bench_import_bulk.py [--tasks 5000] [--runs 3]

The app runs in-process (httpx ASGITransport) on a fresh migrated database. The MSPDI file is
generated: phases of 50 tasks as summaries, a finish-to-start chain inside each phase and a
link from each phase to the next.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import time
from xml.sax.saxutils import escape

import httpx
from asgi_lifespan import LifespanManager

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from shared.auth import mint_token
from shared.testing.database import run_database_server, run_databases

NS = "http://schemas.microsoft.com/project"


def mspdi(tasks: int, phase_size: int = 50) -> bytes:
    rows, uid = [], 0
    for phase in range(tasks // phase_size):
        uid += 1
        phase_uid = uid
        rows.append(_task(uid, f"Phase {phase}", 1, summary=True))
        previous = None
        for step in range(phase_size - 1):
            uid += 1
            link = previous or (phase_uid - phase_size if phase else None)
            rows.append(_task(uid, f"Task {phase}.{step}", 2, predecessor=link))
            previous = uid
    body = "".join(rows)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Project xmlns="{NS}"><Name>Bench</Name>'
        "<Title>Bench import</Title><StartDate>2026-01-05T08:00:00</StartDate>"
        "<MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>"
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        "</Calendar></Calendars>"
        f"<Tasks>{body}</Tasks></Project>"
    ).encode()


def _task(uid: int, name: str, level: int, *, summary: bool = False, predecessor=None) -> str:
    link = (
        f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID><Type>1</Type>"
        "<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
        if predecessor
        else ""
    )
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{escape(name)}</Name>"
        f"<OutlineLevel>{level}</OutlineLevel><Summary>{int(summary)}</Summary>"
        f"<Duration>PT{8 * (1 + uid % 5)}H0M0S</Duration><DurationFormat>7</DurationFormat>"
        f"<ConstraintType>0</ConstraintType>{link}</Task>"
    )


def bulk_items(count: int, version: int) -> dict:
    return {
        "items": [
            {
                "external_source": "erp",
                "external_id": f"T{i}",
                "name": f"Task {i} v{version}",
                "duration_days": str(1 + (i + version) % 5),
            }
            for i in range(count)
        ]
    }


async def timed(call) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = await call()
    return time.perf_counter() - started, response


async def main(database_url: str, tasks: int, runs: int) -> None:
    token = mint_token(os.environ["PMO_AUTH_JWT_SECRET"], subject="bench", roles=["admin"])
    app = create_app(ProjectsSettings(database_url=database_url))
    file = mspdi(tasks)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://bench",
            headers={"authorization": f"Bearer {token}"},
            timeout=120,
        ) as http,
    ):
        rows = [await _import(http, file, tasks, runs)]
        rows += await _bulk(http, runs)
    print(f"\n{runs} runs each; medians\n")
    print("| operation | items | median s | best s | target s |")
    print("|---|---:|---:|---:|---:|")
    for name, items, times, target in rows:
        print(
            f"| {name} | {items:,} | {statistics.median(times):.2f} | {min(times):.2f} | {target} |"
        )


async def _import(http: httpx.AsyncClient, file: bytes, tasks: int, runs: int):
    times = []
    for run in range(runs):
        elapsed, response = await timed(
            lambda run=run: http.post(
                f"/v1/imports/mspdi?code=BENCH-{run}-{secrets.token_hex(2)}",
                content=file,
                headers={"content-type": "application/xml"},
            )
        )
        assert response.status_code == 201, response.text[:500]
        times.append(elapsed)
    return ("MSPDI import (tasks)", tasks, times, 5)


async def _bulk(http: httpx.AsyncClient, runs: int):
    results = {"created": [], "updated": [], "unchanged": []}
    for run in range(runs):
        project = await http.post("/v1/projects", json={"code": f"BULK-{run}", "name": "Bulk"})
        url = f"/v1/projects/{project.json()['id']}/tasks:bulk"
        for label, version in (("created", 1), ("updated", 2), ("unchanged", 2)):
            elapsed, response = await timed(
                lambda v=version, u=url: http.post(u, json=bulk_items(1000, v))
            )
            assert response.status_code in (200, 201), response.text[:500]
            results[label].append(elapsed)
    return [(f"bulk upsert, {label}", 1000, times, 2) for label, times in results.items()]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    with run_database_server() as server, run_databases(server, "bench_import") as urls:
        asyncio.run(main(urls["projects"], args.tasks, args.runs))
