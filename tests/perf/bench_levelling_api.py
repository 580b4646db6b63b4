"""Levelling through the REST API (issue 11 target: a 2,000-task plan with 20 resources
levelled end to end <= 10 s: request the preview, the worker solves it, poll to done, apply).

    uv run python tests/perf/bench_levelling_api.py [--tasks 2000] [--resources 20] [--limit 5]

The app runs in-process (httpx ASGITransport) with its queue worker on, on a fresh migrated
database. The plan is an MSPDI import: chains of 20 finish-to-start tasks of 1-3 days, each
task assigned full time to a person drawn at random (seeded), so every person is wanted by
many chains at once. The assignments are written with SQLAlchemy (their API comes with the
``assign`` branch; the integrator may switch this set-up to it). The plan is levelled twice,
with CP-SAT (``solver``, within ``--limit`` seconds) and with the heuristic, each applied.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import time
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from services.projects.models import Assignment, Task
from shared.auth import mint_token
from shared.testing.database import run_database_server, run_databases

NS = "http://schemas.microsoft.com/project"
START = date(2027, 1, 4)
CHAIN = 20


def plan_mspdi(tasks: int) -> bytes:
    rows = []
    for uid in range(1, tasks + 1):
        link = (
            f"<PredecessorLink><PredecessorUID>{uid - 1}</PredecessorUID><Type>1</Type>"
            "<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
            if (uid - 1) % CHAIN
            else ""
        )
        rows.append(
            f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{escape(f'T{uid}')}</Name>"
            f"<OutlineLevel>1</OutlineLevel><Summary>0</Summary>"
            f"<Duration>PT{8 * (1 + uid % 3)}H0M0S</Duration><DurationFormat>7</DurationFormat>"
            f"<ConstraintType>0</ConstraintType>{link}</Task>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Project xmlns="{NS}"><Name>Lev</Name>'
        f"<Title>Levelling bench</Title><StartDate>{START.isoformat()}T08:00:00</StartDate>"
        "<MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>"
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"</Calendar></Calendars><Tasks>{''.join(rows)}</Tasks></Project>"
    ).encode()


async def _ok(http: httpx.AsyncClient, method: str, path: str, **kwargs: object) -> dict:
    response = await http.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert response.status_code in (200, 201, 202), response.text[:500]
    return response.json() if response.content else {}


async def _assign(app: FastAPI, project_id: str, people: list[str]) -> None:
    pick = random.Random(11)  # the same plan every run
    async with app.state.sessionmaker() as session, session.begin():
        rows = await session.execute(
            select(Task.id, Task.position).where(Task.project_id == project_id)
        )
        for task_id, _ in sorted(rows, key=lambda row: row[1]):
            person = people[pick.randrange(len(people))]
            session.add(
                Assignment(
                    task_id=task_id, resource_id=person, project_id=project_id, units=Decimal(1)
                )
            )


async def _level(http: httpx.AsyncClient, project_id: str, method: str, limit: float) -> dict:
    began = time.perf_counter()
    body = {"method": method, "time_limit_seconds": limit}
    job = await _ok(http, "POST", f"/v1/projects/{project_id}/levelling-previews", json=body)
    requested = time.perf_counter()
    while job["state"] not in ("succeeded", "failed"):
        await asyncio.sleep(0.05)
        job = await _ok(http, "GET", f"/v1/jobs/{job['id']}")
    done = time.perf_counter()
    assert job["state"] == "succeeded", job
    await _ok(http, "POST", f"/v1/jobs/{job['id']}/apply", json={})
    applied = time.perf_counter()
    result = job["result"]
    return {
        "request": requested - began,
        "worker": done - requested,
        "build": result["phases"].get("build", 0.0),
        "solve": result["phases"].get("solver", result["phases"].get("heuristic", 0.0)),
        "apply": applied - done,
        "total": applied - began,
        "status": result["status"],
        "moved": len(result["moved_tasks"]),
        "delay": result["delay_days"],
    }


async def main(database_url: str, tasks: int, resources: int, limit: float) -> None:
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
        people = [
            (await _ok(http, "POST", "/v1/resources", json={"kind": "person", "name": f"P{i}"}))[
                "id"
            ]
            for i in range(resources)
        ]
        runs = {}
        for method in ("solver", "heuristic"):
            project = await _ok(
                http,
                "POST",
                f"/v1/imports/mspdi?code=LEV-{secrets.token_hex(4)}",
                content=plan_mspdi(tasks),
                headers={"content-type": "application/xml"},
            )
            await _assign(app, project["id"], people)
            runs[method] = await _level(http, project["id"], method, limit)
    print(f"\nLevelling {tasks:,} tasks, {resources} people, through the REST API (seconds)\n")
    print("| phase | solver | heuristic | target |")
    print("|---|---|---|---|")
    for phase, label in (
        ("request", "request (load, checks, queue) -> 202"),
        ("worker", "queued -> done (poll)"),
        ("build", "  of which: problem built (child)"),
        ("solve", "  of which: solve (child)"),
        ("apply", "apply (delays, reschedule)"),
        ("total", "total"),
    ):
        target = "<= 10" if phase == "total" else ""
        print(
            f"| {label} | {runs['solver'][phase]:.2f} | {runs['heuristic'][phase]:.2f} | {target} |"
        )
    for key in ("status", "moved", "delay"):
        print(f"| {key} | {runs['solver'][key]} | {runs['heuristic'][key]} | |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=2_000)
    parser.add_argument("--resources", type=int, default=20)
    parser.add_argument("--limit", type=float, default=5.0, help="the solver's time limit (s)")
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    with run_database_server() as server, run_databases(server, "bench_levelling") as urls:
        asyncio.run(main(urls["projects"], args.tasks, args.resources, args.limit))
