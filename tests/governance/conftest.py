from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.governance.config import GovernanceSettings
from services.governance.main import create_app
from shared.testing.asgi import transactional_client


@pytest.fixture(scope="session")
async def governance_app(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    app = create_app(GovernanceSettings(database_url=database_urls["governance"]))
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def client(governance_app: FastAPI, make_token) -> AsyncIterator[httpx.AsyncClient]:
    async with transactional_client(governance_app, make_token("pmo", sub="pmo-1")) as http:
        yield http
