"""Exports in bounded memory: the CSV and XLSX writers over 10,000 and 100,000 rows, and a
real export of a 2,000-project portfolio through the REST API.

    uv run python tests/perf/bench_exports.py [--rows 10000,100000] [--projects 2000]

Writers: a fake async source yields project-like rows (the export's own columns) a page of
500 at a time, as the projects service would; the output is consumed and dropped, as a
client download would be (XLSX: written to its temporary file, then read back in chunks).
REST: the projects and reporting apps in-process (httpx ASGITransport) on a fresh migrated
database; the response is streamed and counted, never held.

Each case runs twice: once timed, once under tracemalloc for the peak of Python memory
allocated during it (what the export holds, beside what the process already had). Bounded
memory shows as a peak that does not grow with the rows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import secrets
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from decimal import Decimal

import httpx
from asgi_lifespan import LifespanManager

from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.reporting.config import ReportingSettings
from services.reporting.exports.columns import Row
from services.reporting.exports.csv_writer import csv_chunks
from services.reporting.exports.responses import xlsx_response
from services.reporting.exports.service import PROJECT_COLUMNS
from services.reporting.main import create_app as create_reporting_app
from shared.auth import mint_token
from shared.testing.database import run_database_server, run_databases

PAGE = 500
STATUSES = ("proposed", "approved", "active", "on_hold", "completed")


async def fake_rows(count: int) -> AsyncIterator[Row]:
    start = date(2026, 1, 5)
    for number in range(count):
        if number % PAGE == 0:
            await asyncio.sleep(0)  # a page boundary: the source would await the next page
        yield {
            "id": f"00000000-0000-4000-8000-{number:012d}",
            "code": f"P-{number:06d}",
            "name": f"Project number {number} of the benchmark portfolio",
            "status": STATUSES[number % len(STATUSES)],
            "phase": "Execution",
            "priority": "medium",
            "manager": "Ann Example",
            "sponsor": "CFO",
            "start_date": start + timedelta(days=number % 365),
            "target_date": start + timedelta(days=200 + number % 365),
            "scheduled_finish": None,
            "status_date": start,
            "budget": Decimal(100_000 + number) / 100,
            "currency": "EUR",
            "percent_complete": Decimal(number % 101),
            "spi": Decimal("0.95"),
            "cpi": Decimal("1.02"),
            "eac": Decimal(98_000 + number) / 100,
            "tags": "finance, erp",
        }


async def csv_writer(count: int) -> int:
    size = 0
    async for chunk in csv_chunks(fake_rows(count), PROJECT_COLUMNS):
        size += len(chunk)
    return size


async def xlsx_writer(count: int) -> int:
    response = await xlsx_response(fake_rows(count), PROJECT_COLUMNS, "b.xlsx", sheet="Bench")
    size = 0
    async for chunk in response.body_iterator:
        size += len(chunk)
    return size


async def measure(run: Callable[[], Awaitable[int]]) -> tuple[float, float, int]:
    """(seconds, peak MiB allocated during the run, bytes produced)."""
    started = time.perf_counter()
    size = await run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        await run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak / 2**20, size


def row(case: str, rows: int, seconds: float, peak: float, size: int) -> str:
    return (
        f"| {case} | {rows:,} | {seconds:.2f} | {rows / seconds:,.0f} | "
        f"{size / 2**20:.1f} | {peak:.1f} |"
    )


async def writers(counts: list[int]) -> list[str]:
    lines = []
    for count in counts:
        for name, writer in (("CSV writer", csv_writer), ("XLSX writer", xlsx_writer)):
            seconds, peak, size = await measure(lambda w=writer, c=count: w(c))
            lines.append(row(name, count, seconds, peak, size))
    return lines


async def seed_portfolio(http: httpx.AsyncClient, projects: int) -> str:
    portfolio = (await http.post("/v1/portfolios", json={"name": "Bench exports"})).json()
    for number in range(projects):
        body = {
            "code": f"BX-{number:05d}-{secrets.token_hex(2)}",
            "name": f"Exported project {number}",
            "portfolio_id": portfolio["id"],
            "budget": f"{10_000 + number}.50",
            "currency": "EUR",
            "start_date": "2026-01-05",
            "target_date": "2026-12-18",
            "manager": "Ann Example",
        }
        answer = await http.post("/v1/projects", json=body)
        assert answer.status_code == 201, answer.text[:300]
    return str(portfolio["id"])


async def rest(urls: dict[str, str], projects: int) -> list[str]:
    token = mint_token(os.environ["PMO_AUTH_JWT_SECRET"], subject="bench", roles=["admin"])
    projects_app = create_projects_app(ProjectsSettings(database_url=urls["projects"]))
    settings = ReportingSettings(
        database_url=urls["reporting"],
        projects_url="http://projects",
        snapshot_scheduler_enabled=False,
    )
    reporting_app = create_reporting_app(
        settings, projects_transport=httpx.ASGITransport(app=projects_app)
    )
    headers = {"authorization": f"Bearer {token}"}
    async with (
        LifespanManager(projects_app),
        LifespanManager(reporting_app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=projects_app), base_url="http://p", headers=headers
        ) as projects_http,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=reporting_app),
            base_url="http://r",
            headers=headers,
            timeout=300,
        ) as reporting_http,
    ):
        portfolio_id = await seed_portfolio(projects_http, projects)
        lines = []
        for extension in ("csv", "xlsx"):
            url = f"/v1/portfolios/{portfolio_id}/projects.{extension}"

            async def download(url: str = url) -> int:
                size = 0
                async with reporting_http.stream("GET", url) as response:
                    assert response.status_code == 200, await response.aread()
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                return size

            await download()  # warm: statements prepared, pools open
            seconds, peak, size = await measure(download)
            lines.append(row(f"REST {extension.upper()} (projects service in-process)", projects,
                             seconds, peak, size))  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--projects", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    lines = asyncio.run(writers([int(n) for n in args.rows.split(",")]))
    with run_database_server() as server, run_databases(server, "bench_exports") as urls:
        lines += asyncio.run(rest(urls, args.projects))
    print("\n| case | rows | seconds | rows/s | output MiB | peak MiB (tracemalloc) |")
    print("|---|---:|---:|---:|---:|---:|")
    for line in lines:
        print(line)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nProcess peak RSS over the whole run (both apps included): {max_rss:.0f} MiB")


if __name__ == "__main__":
    main()
