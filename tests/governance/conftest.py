"""Governance is tested against the real projects service (in-process, real PostgreSQL):
its client talks HTTP to the projects app through ``httpx.ASGITransport``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.governance.config import GovernanceSettings
from services.governance.main import create_app
from services.governance.rules.registry import REGISTRY
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from shared.testing.asgi import transactional_client
from tests.governance.kinds import TEST_KINDS


@pytest.fixture(scope="session")
async def projects_app(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    app = create_projects_app(ProjectsSettings(database_url=database_urls["projects"]))
    async with LifespanManager(app):
        yield app


@pytest.fixture(scope="session")
async def governance_app(
    database_urls: dict[str, str], projects_app: FastAPI
) -> AsyncIterator[FastAPI]:
    settings = GovernanceSettings(
        database_url=database_urls["governance"], projects_url="http://projects"
    )
    app = create_app(settings, projects_transport=httpx.ASGITransport(app=projects_app))
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def client(governance_app: FastAPI, make_token) -> AsyncIterator[httpx.AsyncClient]:
    async with transactional_client(governance_app, make_token("pmo", sub="pmo-1")) as http:
        yield http


@pytest.fixture
async def projects(projects_app: FastAPI, make_token) -> AsyncIterator[httpx.AsyncClient]:
    """The projects service as the same pmo user, to make the projects governance reads.
    Its writes commit (the two services run their own transactions)."""
    token = make_token("pmo", sub="pmo-1")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=projects_app),
        base_url="http://projects",
        headers={"authorization": f"Bearer {token}"},
    ) as http:
        yield http


@pytest.fixture
def test_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' own rule kinds (tests/governance/kinds.py) in the registry, for one test."""
    for kind in TEST_KINDS:
        monkeypatch.setitem(REGISTRY, kind.name, kind)
