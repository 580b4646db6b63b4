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


# The id (tag and operation id) and path of each operation block in the page now.
RENDERED_OPERATIONS_JS = """Array.from(document.querySelectorAll('.opblock')).map(block => [
    block.id, block.querySelector('.opblock-summary-path')?.dataset.path ?? ''])"""
AT_PAGE_END_JS = "window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1"
NEXT_FRAMES_JS = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


async def swagger_operations(page: Page, service_url: str) -> list[str]:
    """Opens the service's ``/docs`` and returns the path of every operation Swagger UI lists.

    From 150 rows (tags plus operations) on, Swagger UI (5.35) virtualises the operations: only
    the rows near the viewport are in the page, the rest is padding. So this scrolls the page
    to its end a screen at a time and collects the operations each screen renders, then back
    to its top (tools/docs_images.py screenshots the page as this leaves it)."""
    await page.goto(f"{service_url}/docs")
    # Generous: Swagger UI parses the whole document first, and CI machines are shared.
    await page.locator(".opblock-summary-path").first.wait_for(timeout=60_000)
    seen: dict[str, str] = {}
    step = (page.viewport_size or {"height": 720})["height"] // 2
    for _ in range(1_000):  # a bound, far above any page of ours
        await page.evaluate(NEXT_FRAMES_JS)
        rendered = await page.evaluate(RENDERED_OPERATIONS_JS)
        new = [(block, path) for block, path in rendered if block not in seen]
        seen.update(new)
        if not new and await page.evaluate(AT_PAGE_END_JS):
            break
        await page.evaluate(f"window.scrollBy(0, {step})")
    await page.evaluate("window.scrollTo(0, 0)")
    await page.evaluate(NEXT_FRAMES_JS)
    return list(seen.values())


async def screenshot(page: Page, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(target))
