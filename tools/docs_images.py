"""``make docs``: the README's pictures, drawn from the demo by the real services.

    uv run python tools/docs_images.py

Starts the projects, governance and reporting services in-process (httpx ASGITransport) on
a temporary PostgreSQL database, as the tests do, loads the demo seed through their APIs,
then asks the reporting service for the demo project's status report and Gantt chart
(and takes screenshots of GraphiQL and Swagger UI in headless chromium):
``docs/images/status-report.png`` is page 1 of the PDF rendered with PDFium (pypdfium2)
and ``docs/images/gantt.svg`` the chart as served. The demo has fixed dates, reporting's
clock is set to the demo's status date and the documents are deterministic, so a rerun
draws the same pictures (the SVG's bar ids are the tasks' ids, new in each database).
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, time
from pathlib import Path

import httpx
import pypdfium2 as pdfium
from asgi_lifespan import LifespanManager

from pmo.seed import DEMO_PROJECTS, DEMO_STATUS_DATE, seed_demo
from shared.auth import mint_token
from shared.testing.database import run_database_server, run_databases

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
DEMO_CODE = DEMO_PROJECTS[0]["code"]  # ERP-2027: baselined, in progress, with a RAID log


@asynccontextmanager
async def running_services(urls: dict[str, str]) -> AsyncIterator[dict[str, httpx.ASGITransport]]:
    # Imported here: the services read the JWT secret from the environment set in main().
    from services.governance.config import GovernanceSettings
    from services.governance.main import create_app as create_governance
    from services.projects.config import ProjectsSettings
    from services.projects.main import create_app as create_projects
    from services.reporting.clock import FixedClock
    from services.reporting.config import ReportingSettings
    from services.reporting.main import create_app as create_reporting

    projects = create_projects(ProjectsSettings(database_url=urls["projects"]))
    to_projects = httpx.ASGITransport(app=projects)
    governance = create_governance(
        GovernanceSettings(database_url=urls["governance"], projects_url="http://projects"),
        projects_transport=to_projects,
    )
    reporting = create_reporting(
        ReportingSettings(
            database_url=urls["reporting"],
            projects_url="http://projects",
            governance_url="http://governance",
            snapshot_scheduler_enabled=False,
        ),
        projects_transport=to_projects,
        governance_transport=httpx.ASGITransport(app=governance),
        # Health counts days to "now": the demo's own day keeps the pictures the same.
        clock=FixedClock(datetime.combine(DEMO_STATUS_DATE, time(12), tzinfo=UTC)),
    )
    async with LifespanManager(projects), LifespanManager(governance), LifespanManager(reporting):
        yield {
            "projects": to_projects,
            "governance": httpx.ASGITransport(app=governance),
            "reporting": httpx.ASGITransport(app=reporting),
        }


async def draw(urls: dict[str, str], token: str) -> None:
    async with running_services(urls) as transports:
        await seed_demo("http://projects", "http://governance", token, transports=transports)
        headers = {"authorization": f"Bearer {token}"}
        async with (
            httpx.AsyncClient(
                transport=transports["projects"], base_url="http://projects", headers=headers
            ) as projects,
            httpx.AsyncClient(
                transport=transports["reporting"], base_url="http://reporting", headers=headers
            ) as reporting,
        ):
            found = (await projects.get("/v1/projects", params={"q": DEMO_CODE})).json()
            project_id = found["items"][0]["id"]
            pdf = await _get(reporting, f"/v1/projects/{project_id}/status-report.pdf")
            gantt = await _get(reporting, f"/v1/projects/{project_id}/charts/gantt.svg")
            risk_charts = await _risk_charts(projects, project_id)
        await _browser_pictures(transports, token)
    IMAGES.mkdir(parents=True, exist_ok=True)
    (IMAGES / "gantt.svg").write_bytes(gantt)
    for name, svg in risk_charts.items():
        (IMAGES / name).write_bytes(svg)
    _first_page_png(pdf, IMAGES / "status-report.png")


async def _browser_pictures(transports: dict[str, httpx.ASGITransport], token: str) -> None:
    """GraphiQL running the README's query, and the projects service's Swagger UI, in
    headless chromium (pmo/browser.py, as the browser tests drive them)."""
    from pmo.browser import (
        README_QUERY,
        graphiql_result,
        headless_chromium,
        screenshot,
        serving,
        swagger_operations,
    )
    from services.gateway.config import GatewaySettings
    from services.gateway.main import create_app as create_gateway

    gateway = create_gateway(
        GatewaySettings(
            projects_url="http://projects",
            governance_url="http://governance",
            reporting_url="http://reporting",
        ),
        transports=transports,
    )
    projects = transports["projects"].app
    async with (
        LifespanManager(gateway),
        serving(gateway) as gateway_url,
        serving(projects) as projects_url,
        headless_chromium() as browser,
    ):
        page = await browser.new_page(viewport={"width": 1400, "height": 860})
        await graphiql_result(page, gateway_url, token, README_QUERY, '{"first": 5}', "ERP-2027")
        await screenshot(page, IMAGES / "graphiql.png")
        await swagger_operations(page, projects_url)
        await screenshot(page, IMAGES / "swagger-ui.png")


async def _risk_charts(projects: httpx.AsyncClient, project_id: str) -> dict[str, bytes]:
    """The histogram and tornado of the schedule risk analysis the demo seed ran."""
    listed = (await projects.get(f"/v1/projects/{project_id}/risk-analyses")).json()
    analysis_id = listed["items"][0]["id"]
    return {
        f"risk-{chart}.svg": await _get(projects, f"/v1/risk-analyses/{analysis_id}/{chart}.svg")
        for chart in ("histogram", "tornado")
    }


async def _get(http: httpx.AsyncClient, path: str) -> bytes:
    response = await http.get(path)
    response.raise_for_status()
    return response.content


def _first_page_png(pdf: bytes, target: Path) -> None:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=1.6).to_pil()
        image.convert("RGB").save(target, optimize=True)
    finally:
        document.close()


def main() -> None:
    secret = os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_ENVIRONMENT", "test")
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    token = mint_token(secret, subject="dev-admin", roles=["admin"])
    with run_database_server() as server, run_databases(server, "docs") as urls:
        asyncio.run(draw(urls, token))
    pictures = ("status-report.png", "gantt.svg", "graphiql.png", "swagger-ui.png")
    for name in (*pictures, "risk-histogram.svg", "risk-tornado.svg"):
        print(f"wrote {IMAGES / name}")


if __name__ == "__main__":
    main()
