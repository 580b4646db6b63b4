from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from shared.testing.asgi import transactional_client


@pytest.fixture(scope="session")
async def projects_app(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    app = create_app(ProjectsSettings(database_url=database_urls["projects"]))
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def client(projects_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    """An admin's client; pass other tokens per request with ``headers=auth(token)``."""
    async with transactional_client(projects_app, admin_token) as http:
        yield http
