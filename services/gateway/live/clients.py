"""The tails' own feed clients: a read timeout above the long poll's, no retries (a tail
retries itself), and their own connections, apart from the query path's."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
import structlog

from services.gateway.config import GatewaySettings
from services.gateway.live.hub import TAIL_WAIT_SECONDS, FeedHub, LiveLimits
from shared.clients.events import EventEndpoints
from shared.clients.governance import GovernanceClient
from shared.clients.projects import ProjectsClient
from shared.clients.reporting import ReportingClient
from shared.http import ServiceClient
from shared.service_identity import GATEWAY, MissingServiceToken, service_identity

log = structlog.get_logger("pmo.gateway.live")
# A quiet long poll lasts TAIL_WAIT_SECONDS: the call's whole deadline must outlast it, or
# every quiet poll would end as a timeout and count against the upstream's circuit breaker.
TAIL_DEADLINE_SECONDS = TAIL_WAIT_SECONDS + 15


def feed_hub(
    settings: GatewaySettings, transports: Mapping[str, httpx.AsyncBaseTransport] | None = None
) -> FeedHub:
    transports = transports or {}
    timeout = httpx.Timeout(
        TAIL_DEADLINE_SECONDS, connect=settings.upstream_connect_timeout_seconds
    )
    kinds: dict[str, tuple[type[ServiceClient], str]] = {
        "projects": (ProjectsClient, settings.projects_url),
        "governance": (GovernanceClient, settings.governance_url),
        "reporting": (ReportingClient, settings.reporting_url),
    }
    clients: dict[str, EventEndpoints] = {
        name: kind(  # type: ignore[misc]
            url,
            transport=transports.get(name),
            timeout=timeout,
            retries=0,
            total_timeout=TAIL_DEADLINE_SECONDS,
        )
        for name, (kind, url) in kinds.items()
    }
    try:
        identity = service_identity(GATEWAY)
    except MissingServiceToken as exc:
        log.warning("live_updates_disabled", reason=str(exc))
        identity = None
    limits = LiveLimits(
        recheck_seconds=settings.live_access_recheck_seconds,
        max_catch_up_events=settings.live_max_catchup_events,
    )
    return FeedHub(clients, identity, limits)
