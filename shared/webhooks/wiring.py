"""What a service gives :class:`shared.app.ServiceSpec` to serve webhooks."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from fastapi import APIRouter, FastAPI
from sqlalchemy import Table

from shared.events.tables import EventTables
from shared.webhooks.access import ScopeAccess
from shared.webhooks.dispatcher import start_dispatcher, stop_dispatcher
from shared.webhooks.repository import WebhookRepository
from shared.webhooks.router import webhook_router
from shared.webhooks.service import Webhooks
from shared.webhooks.settings import WebhookSettings


@dataclass(frozen=True)
class WebhookWiring:
    tables: EventTables
    access: ScopeAccess
    # The projects table (id, portfolio_id), in the service that has it.
    projects: Table | None = None
    # True when the scope checks call the projects service (502/503/504 documented).
    calls_upstream: bool = False

    def repository(self) -> WebhookRepository:
        return WebhookRepository(self.tables, self.projects)

    def router(self, settings: WebhookSettings) -> APIRouter:
        return webhook_router(Webhooks(self.repository(), self.access, settings))

    async def start(self, app: FastAPI, service: str) -> None:
        app.state.webhook_owners = functools.partial(self.access.manager_lost, app)
        await start_dispatcher(app, self.repository(), service)

    async def stop(self, app: FastAPI) -> None:
        await stop_dispatcher(app)
