"""A real headless browser on the API pages, for the tests and ``make docs``: Debian's
``chromium`` (``make browser`` installs it) driven by Playwright, and apps served on local
ports in the caller's event loop."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import uvicorn
from playwright.async_api import Browser, Page, Request, async_playwright
from starlette.types import ASGIApp

from pmo.runner import free_port
from services.gateway.main import GatewayApp

CHROMIUM_NAMES = ("chromium", "chromium-browser")
# The README's GraphQL query (README.md, "GraphQL").
README_QUERY = (
    "query($first: Int!) { portfolios(first: $first) { edges { node { name "
    "projects(first: 10) { edges { node { code name status budget currency "
    "tasks(first: 10) { edges { node { name percentComplete } } } } } } } } } }"
)


def chromium_path() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("chromium is not installed: run `make browser` (apt-get install chromium)")


@asynccontextmanager
async def serving(app: ASGIApp | GatewayApp) -> AsyncIterator[str]:
    """``app`` (already started by the caller) on a free local port, in this event loop;
    yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(400):
            if server.started or task.done():
                break
            await asyncio.sleep(0.025)
        if not server.started:
            raise RuntimeError("the app did not start listening")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)


@asynccontextmanager
async def headless_chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            await browser.close()


class LocalOnly:
    """Records every request a page makes that leaves the pages' own hosts, and aborts it."""

    def __init__(self, *allowed_urls: str) -> None:
        self.hosts = {urlsplit(url).netloc for url in allowed_urls}
        self.outside: list[str] = []

    async def attach(self, page: Page) -> None:
        await page.route("**/*", self._route)

    async def _route(self, route, request: Request) -> None:  # type: ignore[no-untyped-def]
        if request.url.startswith(("data:", "blob:")) or urlsplit(request.url).netloc in self.hosts:
            await route.continue_()
        else:
            self.outside.append(request.url)
            await route.abort()


async def graphiql_result(
    page: Page, gateway_url: str, token: str, query: str, variables: str, expect: str
) -> str:
    """Opens GraphiQL with the token and query in the URL fragment, runs it, waits for
    ``expect`` in the result pane and returns the pane's text."""
    fragment = f"token={quote(token)}&query={quote(query)}&variables={quote(variables)}"
    await page.goto(f"{gateway_url}/graphql#{fragment}")
    await page.locator(".graphiql-execute-button").click()
    result = page.locator(".graphiql-response")
    await result.get_by_text(expect).first.wait_for(timeout=15_000)
    return await result.inner_text()


async def swagger_operations(page: Page, service_url: str) -> list[str]:
    """Opens the service's ``/docs`` and returns the operations Swagger UI lists."""
    await page.goto(f"{service_url}/docs")
    blocks = page.locator(".opblock-summary-path")
    await blocks.first.wait_for(timeout=15_000)
    # Swagger UI renders a long document tag by tag: read until two reads agree.
    seen: list[str] = []
    for _ in range(100):
        texts = [text.strip() for text in await blocks.all_inner_texts()]
        if texts == seen:
            break
        seen = texts
        await asyncio.sleep(0.2)
    return seen


async def screenshot(page: Page, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(target))
