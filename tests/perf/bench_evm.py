"""Earned value through the REST API (issue 10 target: the EVM of a 10,000-task project
<= 200 ms p50), and the metrics batch health reads (100 projects x 200 tasks in one call).

    uv run python tests/perf/bench_evm.py [--tasks 10000] [--projects 100] [--runs 15]

The app runs in-process (httpx ASGITransport) on a fresh migrated database. Each plan is an
MSPDI import: phases of 50 tasks (a summary over a finish-to-start chain of 1-3 day tasks,
1,000.00 each), in parallel streams of four phases one after the other; the tasks of the
first phase of every stream are done and the second phase's first half is, each task with
an actual cost 10 % over its budget. Baseline 0 is captured after the import and the status
date set to the 150th working day. The actual cost entries are written with SQLAlchemy (one
per task with progress, plus one for the project as a whole): their API comes with the
``costs`` branch, and the integrator may switch this set-up to its bulk endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from services.projects.models import ActualCost, Task
from shared.auth import mint_token
from shared.testing.database import run_database_server, run_databases

NS = "http://schemas.microsoft.com/project"
START = date(2026, 1, 5)
PHASE_SIZE = 50
PHASES_PER_STREAM = 4
STATUS_DATE = START + timedelta(weeks=30)  # the 150th working day


def evm_mspdi(tasks: int) -> bytes:
    """A plan of ``tasks`` tasks as described above (summaries included)."""
    phases = max(1, tasks // PHASE_SIZE)
    rows, uid = [], 0
    for phase in range(phases):
        order = phase % PHASES_PER_STREAM  # the phase's place in its stream
        uid += 1
        summary = uid
        rows.append(_task(uid, f"Phase {phase}", 1, summary=True))
        previous = summary - PHASE_SIZE if order else None  # the stream's previous phase
        for step in range(PHASE_SIZE - 1):
            uid += 1
            done = order == 0 or (order == 1 and step < PHASE_SIZE // 2)
            rows.append(_task(uid, f"Task {phase}.{step}", 2, previous, 100 if done else 0))
            previous = uid
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Project xmlns="{NS}"><Name>EVM</Name>'
        f"<Title>EVM bench</Title><StartDate>{START.isoformat()}T08:00:00</StartDate>"
        "<MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>"
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"</Calendar></Calendars><Tasks>{''.join(rows)}</Tasks></Project>"
    ).encode()


def _task(
    uid: int,
    name: str,
    level: int,
    predecessor: int | None = None,
    percent: int = 0,
    *,
    summary: bool = False,
) -> str:
    link = (
        f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID><Type>1</Type>"
        "<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
        if predecessor
        else ""
    )
    cost = "" if summary else "<Cost>100000</Cost>"  # hundredths: 1,000.00
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{escape(name)}</Name>"
        f"<OutlineLevel>{level}</OutlineLevel><Summary>{int(summary)}</Summary>"
        f"<Duration>PT{8 * (1 + uid % 3)}H0M0S</Duration><DurationFormat>7</DurationFormat>"
        f"<PercentComplete>{percent}</PercentComplete>{cost}"
        f"<ConstraintType>0</ConstraintType>{link}</Task>"
    )


async def _ok(http: httpx.AsyncClient, method: str, path: str, **kwargs: object) -> dict:
    response = await http.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert response.status_code in (200, 201), response.text[:500]
    return response.json()


async def _project(http: httpx.AsyncClient, app: FastAPI, file: bytes, portfolio: str) -> str:
    project = await _ok(
        http,
        "POST",
        f"/v1/imports/mspdi?code=EVM-{secrets.token_hex(4)}",
        content=file,
        headers={"content-type": "application/xml"},
    )
    pid = project["id"]
    await _ok(http, "PATCH", f"/v1/projects/{pid}", json={"portfolio_id": portfolio})
    await _ok(http, "POST", f"/v1/projects/{pid}/baselines/0", json={"name": "Plan"})
    settings = {"status_date": STATUS_DATE.isoformat()}
    await _ok(http, "PATCH", f"/v1/projects/{pid}/schedule-settings", json=settings)
    await _actual_costs(app, pid)
    return str(pid)


async def _actual_costs(app: FastAPI, project_id: str) -> None:
    """10 % over budget on every task with progress, booked on its start day."""
    project = uuid.UUID(project_id)
    async with app.state.sessionmaker() as session:
        progressed = await session.execute(
            select(Task.id, Task.project_id, Task.cost, Task.percent_complete, Task.start_date)
            .where(Task.project_id == project, Task.percent_complete > 0)
            .where(Task.is_summary.is_(False))
        )
        entries = [
            ActualCost(
                project_id=pid,
                task_id=task_id,
                incurred_on=min(start or STATUS_DATE, STATUS_DATE),
                amount=(cost * percent / 100 * Decimal("1.1")).quantize(Decimal("0.01")),
                currency="EUR",
            )
            for task_id, pid, cost, percent, start in progressed
        ]
        entries.append(
            ActualCost(
                project_id=project, incurred_on=START, amount=Decimal("5000"), currency="EUR"
            )
        )
        session.add_all(entries)
        await session.commit()


async def _times(call: Callable[[], Awaitable[httpx.Response]], runs: int) -> list[float]:
    """Seconds per call: the first (its statements compiled, its curves spread from the
    baseline rows), then ``runs`` more (the curves kept, see earned_value/cache.py)."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = await call()
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text[:500]
    return times


def _row(name: str, times: list[float], target: str = "") -> str:
    first, ordered = times[0], sorted(times[1:])
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"| {name} | {first * 1000:.0f} | {statistics.median(ordered) * 1000:.0f} | "
        f"{p95 * 1000:.0f} | {ordered[0] * 1000:.0f} | {target} |"
    )


async def _profile(http: httpx.AsyncClient, path: str) -> None:
    """``BENCH_PROFILE=/v1/...``: where one more call of that path spends its time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    await http.get(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


async def main(database_url: str, tasks: int, projects: int, runs: int) -> None:
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
        portfolio = (await _ok(http, "POST", "/v1/portfolios", json={"name": "EVM bench"}))["id"]
        big = await _project(http, app, evm_mspdi(tasks), portfolio)
        small_file = evm_mspdi(200)
        small = [await _project(http, app, small_file, portfolio) for _ in range(projects)]
        evm = f"/v1/projects/{big}/evm"
        rows = [
            _row(
                f"project EVM, {tasks:,} tasks", await _times(lambda: http.get(evm), runs), "<= 200"
            ),
            _row(
                "project EVM with its S-curve",
                await _times(lambda: http.get(evm, params={"include": "curve"}), runs),
            ),
            _row(
                "project EVM with every task's figures",
                await _times(lambda: http.get(evm, params={"include": "tasks"}), max(3, runs // 3)),
            ),
            _row(
                f"metrics batch, {projects} projects x 200 tasks",
                await _times(
                    lambda: http.get(
                        "/v1/project-metrics", params={"project_ids": ",".join(small)}
                    ),
                    runs,
                ),
            ),
            _row(
                f"portfolio EVM, {projects + 1} projects",
                await _times(lambda: http.get(f"/v1/portfolios/{portfolio}/evm"), runs),
            ),
        ]
        figures = await _ok(http, "GET", evm)
        if os.environ.get("BENCH_PROFILE"):
            await _profile(http, os.environ["BENCH_PROFILE"])
    print(f"\nA first call, then {runs} more; the {tasks:,}-task project at {STATUS_DATE}:")
    print(
        f"BAC {figures['bac']}, PV {figures['pv']}, EV {figures['ev']}, AC {figures['ac']}, "
        f"SPI {figures['spi']}, CPI {figures['cpi']}, SPI(t) {figures['spi_t']}\n"
    )
    print("| operation | first ms | p50 ms | p95 ms | best ms | target ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    with run_database_server() as server, run_databases(server, "bench_evm") as urls:
        asyncio.run(main(urls["projects"], args.tasks, args.projects, args.runs))
