"""Reporting is tested against the real projects service (in-process, real PostgreSQL):
its client talks HTTP to the projects app through ``httpx.ASGITransport``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.reporting.config import ReportingSettings
from services.reporting.main import create_app as create_reporting_app


@pytest.fixture(scope="session")
async def projects_app(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    app = create_projects_app(ProjectsSettings(database_url=database_urls["projects"]))
    async with LifespanManager(app):
        yield app


@pytest.fixture(scope="session")
async def reporting_app(
    database_urls: dict[str, str], projects_app: FastAPI
) -> AsyncIterator[FastAPI]:
    settings = ReportingSettings(
        database_url=database_urls["reporting"], projects_url="http://projects"
    )
    app = create_reporting_app(settings, projects_transport=httpx.ASGITransport(app=projects_app))
    async with LifespanManager(app):
        yield app


def _client(app: FastAPI, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://test",
        headers={"authorization": f"Bearer {token}"},
    )


@pytest.fixture
async def projects(projects_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(projects_app, admin_token) as http:
        yield http


@pytest.fixture
async def reporting(reporting_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(reporting_app, admin_token) as http:
        yield http
