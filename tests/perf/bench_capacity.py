"""Portfolio capacity (issue 11 target: 50 projects x 200 tasks x 100 people, by week over
two years, <= 1 s), through the service function and through the REST API.

    uv run python tests/perf/bench_capacity.py [--projects 50] [--tasks 200] [--people 100]

The app runs in-process (httpx ASGITransport) on a fresh migrated database. Each project is
an MSPDI import (the scheduler dates its tasks): 20 streams of finish-to-start tasks of 5 to
15 days, the projects starting a fortnight apart over two years. 100 people in 10 roles (a
role resource each; every fifth person on a four-day week, every tenth with two weeks off a
quarter) are pushed by the bulk endpoint. Every task gets one person, every third a second
one and every seventh its role; units 0.5 or 1. The assignments are written with SQL (their
API is built beside this work; the integrator may switch this set-up to its bulk call).
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
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import insert, select

from services.projects.capacity import service
from services.projects.capacity.compute import Grain, GroupBy, compute_load, find_over_allocations
from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from services.projects.models import Assignment, Calendar, ResourceTimeOff, Task
from shared.auth import mint_token
from shared.reads import Reader
from shared.testing.database import run_database_server, run_databases

NS = "http://schemas.microsoft.com/project"
START = date(2026, 1, 5)
STREAMS = 20
ROLES = 10
WINDOW = {"from": START.isoformat(), "to": (START + timedelta(days=729)).isoformat()}


def plan_mspdi(tasks: int, start: date) -> bytes:
    rows = []
    for uid in range(1, tasks + 1):
        predecessor = uid - STREAMS if uid > STREAMS else None
        link = (
            f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID><Type>1</Type>"
            "<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
            if predecessor
            else ""
        )
        hours = 8 * (5 + uid * 7 % 11)
        rows.append(
            f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>Task {uid}</Name>"
            f"<OutlineLevel>1</OutlineLevel><Summary>0</Summary>"
            f"<Duration>PT{hours}H0M0S</Duration><DurationFormat>7</DurationFormat>"
            f"<ConstraintType>0</ConstraintType>{link}</Task>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Project xmlns="{NS}"><Name>Capacity</Name>'
        f"<StartDate>{start.isoformat()}T08:00:00</StartDate>"
        "<MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>"
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"</Calendar></Calendars><Tasks>{''.join(rows)}</Tasks></Project>"
    ).encode()


async def _ok(http: httpx.AsyncClient, method: str, path: str, **kwargs: Any) -> Any:
    response = await http.request(method, path, **kwargs)
    assert response.status_code in (200, 201), response.text[:500]
    return response.json()


async def _people(http: httpx.AsyncClient, app: FastAPI, count: int) -> list[list[uuid.UUID]]:
    """The people by role (index), the role resources last in each list."""
    items = [
        {"kind": "role", "name": f"Role {r}", "external_source": "bench", "external_id": f"r{r}"}
        for r in range(ROLES)
    ]
    items += [
        {
            "kind": "person",
            "name": f"Person {p}",
            "role_name": f"Role {p % ROLES}",
            "external_source": "bench",
            "external_id": f"p{p}",
        }
        for p in range(count)
    ]
    await _ok(http, "POST", "/v1/resources/bulk", json={"items": items})
    listed = await _ok(http, "GET", "/v1/resources", params={"limit": 500})
    by_name = {row["name"]: uuid.UUID(row["id"]) for row in listed["items"]}
    async with app.state.sessionmaker() as session:
        calendar = Calendar(name="Four days", working_weekdays=[0, 1, 2, 3], hours_per_day=8)
        session.add(calendar)
        await session.flush()
        off = []
        for p in range(count):
            if p % 5 == 0:
                await _set_calendar(session, by_name[f"Person {p}"], calendar.id)
            if p % 10 == 0:
                for quarter in range(8):
                    first = START + timedelta(weeks=13 * quarter + p % 13)
                    off.append(
                        {
                            "id": uuid.uuid4(),
                            "resource_id": by_name[f"Person {p}"],
                            "from_date": first,
                            "to_date": first + timedelta(days=13),
                        }
                    )
        if off:
            await session.execute(insert(ResourceTimeOff), off)
        await session.commit()
    return [
        [by_name[f"Person {p}"] for p in range(count) if p % ROLES == r] + [by_name[f"Role {r}"]]
        for r in range(ROLES)
    ]


async def _set_calendar(session: Any, resource_id: uuid.UUID, calendar_id: uuid.UUID) -> None:
    from services.projects.models import Resource

    resource = await session.get(Resource, resource_id)
    resource.calendar_id = calendar_id


async def _assign(app: FastAPI, project_ids: list[uuid.UUID], roles: list[list[uuid.UUID]]) -> int:
    rows = []
    async with app.state.sessionmaker() as session:
        tasks = await session.execute(
            select(Task.id, Task.project_id).where(Task.project_id.in_(project_ids))
        )
        for n, (task_id, project_id) in enumerate(tasks):
            people = roles[n % ROLES]
            staff = len(people) - 1
            chosen = {people[(n // ROLES) % staff]}
            if n % 3 == 0:
                chosen.add(people[(n // ROLES + 1 + n % 4) % staff])
            if n % 7 == 0:
                chosen.add(people[-1])
            for resource_id in chosen:
                units = Decimal("0.5") if (n + len(rows)) % 2 else Decimal("1")
                rows.append(
                    {
                        "id": uuid.uuid4(),
                        "task_id": task_id,
                        "resource_id": resource_id,
                        "project_id": project_id,
                        "units": units,
                    }
                )
        await session.execute(insert(Assignment), rows)
        await session.commit()
    return len(rows)


async def _times(call: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return times


def _row(name: str, times: list[float], target: str = "") -> str:
    first, ordered = times[0], sorted(times[1:])
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"| {name} | {first * 1000:.0f} | {statistics.median(ordered) * 1000:.0f} | "
        f"{p95 * 1000:.0f} | {ordered[0] * 1000:.0f} | {target} |"
    )


async def _get(http: httpx.AsyncClient, path: str, **params: str) -> httpx.Response:
    response = await http.get(path, params=params)
    assert response.status_code == 200, response.text[:500]
    return response


async def main(database_url: str, projects: int, tasks: int, people: int, runs: int) -> None:
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
        started = time.perf_counter()
        portfolio = (await _ok(http, "POST", "/v1/portfolios", json={"name": "Capacity"}))["id"]
        roles = await _people(http, app, people)
        project_ids = []
        for k in range(projects):
            start = START + timedelta(weeks=2 * k)
            project = await _ok(
                http,
                "POST",
                f"/v1/imports/mspdi?code=CAP-{secrets.token_hex(4)}",
                content=plan_mspdi(tasks, start),
                headers={"content-type": "application/xml"},
            )
            await _ok(
                http, "PATCH", f"/v1/projects/{project['id']}", json={"portfolio_id": portfolio}
            )
            project_ids.append(uuid.UUID(project["id"]))
        assignments = await _assign(app, project_ids, roles)
        setup = time.perf_counter() - started
        reader: Reader = app.state.reader
        window = service.check_window(
            date.fromisoformat(WINDOW["from"]), date.fromisoformat(WINDOW["to"]), 5 * 366
        )
        inputs = await service.load_inputs(reader, portfolio_id=uuid.UUID(portfolio), window=window)

        async def by_service() -> None:
            loaded = await service.load_inputs(
                reader, portfolio_id=uuid.UUID(portfolio), window=window
            )
            compute_load(loaded, window, Grain.week, GroupBy.resource)

        async def load_only() -> None:
            await service.load_inputs(reader, portfolio_id=uuid.UUID(portfolio), window=window)

        async def compute_only() -> None:
            compute_load(inputs, window, Grain.week, GroupBy.resource)

        async def over_only() -> None:
            find_over_allocations(inputs, window)

        capacity = f"/v1/portfolios/{portfolio}/capacity"
        over = f"/v1/portfolios/{portfolio}/over-allocations"
        rows = [
            _row("service: load + compute, by week", await _times(by_service, runs), "<= 1000"),
            _row("  of which the six reads", await _times(load_only, runs)),
            _row("  of which the computation", await _times(compute_only, runs)),
            _row(
                "HTTP: capacity by week, per resource",
                await _times(lambda: _get(http, capacity, grain="week", **WINDOW), runs),
                "<= 1000",
            ),
            _row(
                "HTTP: capacity by week, per role",
                await _times(lambda: _get(http, capacity, grain="week", by="role", **WINDOW), runs),
            ),
            _row(
                "HTTP: capacity by day, per resource",
                await _times(lambda: _get(http, capacity, grain="day", **WINDOW), runs),
            ),
            _row(
                "HTTP: capacity by month, per resource",
                await _times(lambda: _get(http, capacity, grain="month", **WINDOW), runs),
            ),
            _row("service: over-allocations (computation)", await _times(over_only, runs)),
            _row(
                "HTTP: over-allocations over two years",
                await _times(lambda: _get(http, over, **WINDOW), runs),
            ),
        ]
        answer = (await _get(http, capacity, grain="week", **WINDOW)).json()
        found = (await _get(http, over, **WINDOW)).json()["items"]
    print(
        f"\n{projects} projects x {tasks} tasks, {people} people in {ROLES} roles, "
        f"{assignments:,} assignments; set-up {setup:.0f} s. A first call, then {runs} more."
    )
    print(
        f"By week over two years: {len(answer['rows'])} rows x {len(answer['buckets'])} "
        f"buckets; {len(found)} over-allocation periods.\n"
    )
    print("| operation | first ms | p50 ms | p95 ms | best ms | target ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    with run_database_server() as server, run_databases(server, "bench_capacity") as urls:
        asyncio.run(main(urls["projects"], args.projects, args.tasks, args.people, args.runs))
