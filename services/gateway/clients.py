"""The upstream clients, one per service, created once in the lifespan and shared by every
request (each request's token travels in the request context, not in the client)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from services.gateway.config import GatewaySettings
from shared.clients import TypedClient
from shared.clients.governance import GovernanceClient
from shared.clients.projects import ProjectsClient
from shared.clients.reporting import ReportingClient


@dataclass(frozen=True, slots=True)
class Clients:
    projects: ProjectsClient
    governance: GovernanceClient
    reporting: ReportingClient

    def by_name(self) -> dict[str, TypedClient]:
        return {
            "projects": self.projects,
            "governance": self.governance,
            "reporting": self.reporting,
        }

    async def aclose(self) -> None:
        await asyncio.gather(*(client.aclose() for client in self.by_name().values()))


def build_clients(
    settings: GatewaySettings, transports: Mapping[str, httpx.AsyncBaseTransport] | None = None
) -> Clients:
    """``transports`` (by upstream name) is the test seam: in-process ASGI apps or mocks."""
    transports = transports or {}
    timeout = httpx.Timeout(
        settings.upstream_timeout_seconds, connect=settings.upstream_connect_timeout_seconds
    )
    options: dict[str, Any] = {
        "timeout": timeout,
        "total_timeout": settings.upstream_total_timeout_seconds,
        "retries": settings.upstream_retries,
    }
    return Clients(
        projects=ProjectsClient(
            settings.projects_url, transport=transports.get("projects"), **options
        ),
        governance=GovernanceClient(
            settings.governance_url, transport=transports.get("governance"), **options
        ),
        reporting=ReportingClient(
            settings.reporting_url, transport=transports.get("reporting"), **options
        ),
    )
