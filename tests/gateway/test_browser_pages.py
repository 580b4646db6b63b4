"""The API pages in a real headless browser (Debian's chromium through Playwright), with every
request that would leave the machine aborted and recorded: GraphiQL runs the README's query
with a token and shows the demo portfolio; the projects service's /docs lists every operation
of its OpenAPI document. Without chromium this fails (``make browser`` installs it; make test
does)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from playwright.async_api import Browser

from pmo.browser import (
    README_QUERY,
    LocalOnly,
    graphiql_result,
    headless_chromium,
    serving,
    swagger_operations,
)
from pmo.seed import DEMO_PORTFOLIO, seed_demo
from services.gateway.config import GatewaySettings
from services.gateway.main import create_app as create_gateway_app
from services.governance.config import GovernanceSettings
from services.governance.main import create_app as create_governance_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from shared.postgres import DatabaseServer
from shared.testing.database import run_databases


@pytest.fixture(scope="module")
def demo_urls(database_server: DatabaseServer) -> Iterator[dict[str, str]]:
    """Databases of their own, holding the demo alone (the README's query lists them all)."""
    with run_databases(database_server, "browser") as urls:
        yield urls


@pytest.fixture(scope="module")
async def demo_system(demo_urls: dict[str, str], admin_token: str) -> AsyncIterator[dict[str, str]]:
    projects = create_projects_app(ProjectsSettings(database_url=demo_urls["projects"]))
    to_projects = httpx.ASGITransport(app=projects)
    governance = create_governance_app(
        GovernanceSettings(database_url=demo_urls["governance"], projects_url="http://projects"),
        projects_transport=to_projects,
    )
    transports = {"projects": to_projects, "governance": httpx.ASGITransport(app=governance)}
    settings = GatewaySettings(
        projects_url="http://projects",
        governance_url="http://governance",
        reporting_url="http://127.0.0.1:9",  # the README's query reads no report
        upstream_retries=0,
    )
    gateway = create_gateway_app(settings, transports=transports)
    async with LifespanManager(projects), LifespanManager(governance):
        await seed_demo("http://projects", "http://governance", admin_token, transports=transports)
        async with (
            LifespanManager(gateway),
            serving(gateway) as gateway_url,
            serving(projects) as projects_url,
        ):
            yield {"gateway": gateway_url, "projects": projects_url}


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with headless_chromium() as chromium:
        yield chromium


async def test_graphiql_runs_the_readme_query(
    browser: Browser, demo_system: dict[str, str], admin_token: str
) -> None:
    page = await browser.new_page()
    local = LocalOnly(demo_system["gateway"])
    await local.attach(page)
    text = await graphiql_result(
        page, demo_system["gateway"], admin_token, README_QUERY, '{"first": 5}', DEMO_PORTFOLIO
    )
    assert DEMO_PORTFOLIO in text and "ERP-2027" in text
    assert local.outside == []
    await page.close()


async def test_graphiql_without_a_token_shows_the_error(
    browser: Browser, demo_system: dict[str, str]
) -> None:
    page = await browser.new_page()
    text = await graphiql_result(
        page, demo_system["gateway"], "", README_QUERY, '{"first": 5}', "UNAUTHENTICATED"
    )
    assert DEMO_PORTFOLIO not in text
    await page.close()


async def test_projects_docs_list_the_operations(
    browser: Browser, demo_system: dict[str, str]
) -> None:
    page = await browser.new_page()
    local = LocalOnly(demo_system["projects"])
    await local.attach(page)
    operations = await swagger_operations(page, demo_system["projects"])
    async with httpx.AsyncClient(base_url=demo_system["projects"]) as client:
        document = (await client.get("/openapi.json")).json()
    documented = [path for path, methods in document["paths"].items() for _ in methods]
    assert len(documented) > 100  # enough rows that Swagger UI virtualises the list
    assert sorted(operations) == sorted(documented)
    assert local.outside == []
    await page.close()
