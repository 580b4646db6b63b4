"""What the retention tests share: a projects app on databases of its own (retention works
on the whole outbox), its webhook repository, one pruning run, and SQL that ages rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import text

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from shared.events.retention import Retention
from shared.webhooks.settings import WebhookSettings
from tests.webhooks.helpers import projects_repository as repository


@asynccontextmanager
async def projects_app(database_url: str, hooks: WebhookSettings) -> AsyncIterator[FastAPI]:
    app = create_app(ProjectsSettings(database_url=database_url, webhooks=hooks))
    async with LifespanManager(app):
        yield app


async def prune(app: FastAPI, hooks: WebhookSettings) -> None:
    await Retention(app.state.engine, repository().retention, hooks, "projects").run()


async def run_sql(app: FastAPI, statement: str, **params: Any) -> None:
    async with app.state.engine.begin() as db:
        await db.execute(text(statement), params)
