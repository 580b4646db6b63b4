"""Behind a firewall: the API pages (Swagger UI and ReDoc of every service and the gateway,
GraphiQL of the gateway) load nothing from outside; every script, style and icon they name is
served by the app itself from the vendored files, which are those of the manifest."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from services.gateway.config import GatewaySettings
from services.gateway.main import create_app as create_gateway_app
from shared.web_assets import VENDOR_DIR
from tests.shared.openapi_documents import service_apps

# src/href attributes and url(...) in the page, and any absolute URL in an inline script.
ATTRIBUTE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
ABSOLUTE = re.compile(r"""(?:https?:)?//[\w.-]+""")
PAGES = {"docs": "/docs", "redoc": "/redoc"}


def apps() -> dict[str, FastAPI | object]:
    nowhere = "http://127.0.0.1:9"
    gateway = create_gateway_app(
        GatewaySettings(projects_url=nowhere, governance_url=nowhere, reporting_url=nowhere)
    )
    return {**service_apps(), "gateway": gateway}


@pytest.fixture(scope="module")
async def clients() -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    opened = {
        name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app")  # type: ignore[arg-type]
        for name, app in apps().items()
    }
    yield opened
    for client in opened.values():
        await client.aclose()


def page_urls(html: str) -> list[str]:
    return ATTRIBUTE.findall(html)


async def check_page(client: httpx.AsyncClient, path: str, accept: str = "text/html") -> list[str]:
    page = await client.get(path, headers={"accept": accept})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    urls = page_urls(html)
    assert urls, f"{path} names no asset"
    outside = [url for url in urls if ABSOLUTE.match(url)]
    outside += [f"inline: {m.group(0)}" for m in re.finditer(r"https?://[\w.-]+", html)]
    assert outside == [], f"{path} reaches outside: {outside}"
    for url in urls:
        asset = await client.get(url)
        assert asset.status_code == 200 and asset.content, url
    return urls


@pytest.mark.parametrize("service", ["projects", "governance", "reporting", "gateway"])
@pytest.mark.parametrize("page", sorted(PAGES))
async def test_api_pages_load_only_local_assets(
    clients: dict[str, httpx.AsyncClient], service: str, page: str
) -> None:
    urls = await check_page(clients[service], PAGES[page])
    assert any(url.endswith(".js") for url in urls)


async def test_graphiql_loads_only_local_assets(clients: dict[str, httpx.AsyncClient]) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    urls = await check_page(clients["gateway"], "/graphql", accept=browser)
    assert any("graphiql" in url for url in urls)


def test_vendored_files_are_the_manifests() -> None:
    manifest = json.loads((VENDOR_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
    on_disk = {
        path.relative_to(VENDOR_DIR).as_posix()
        for path in VENDOR_DIR.rglob("*")
        if path.is_file() and path.name != "MANIFEST.json"
    }
    assert on_disk == set(manifest)
    for name, entry in manifest.items():
        digest = hashlib.sha256((VENDOR_DIR / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} is not {entry['package']}@{entry['version']}"
