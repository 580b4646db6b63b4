"""The gateway: one GraphQL API over the three services (no database of its own)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
import orjson
import structlog
from fastapi import FastAPI, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.datastructures import State
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from services.gateway.clients import Clients, build_clients
from services.gateway.config import GatewaySettings
from services.gateway.context import build_context
from services.gateway.live.clients import feed_hub
from services.gateway.live.websocket import LiveEndpoint
from services.gateway.over_http import uploads
from services.gateway.over_http.endpoint import GraphQLEndpoint
from services.gateway.over_http.graphiql import graphiql_page
from services.gateway.over_http.persisted import PersistedQueries, load_allow_list
from services.gateway.reporting.links import DocumentLinks
from services.gateway.schema import build_schema
from shared.auth import TokenVerifier
from shared.errors import ServiceUnavailable
from shared.guards import RequestGuardMiddleware
from shared.observability import (
    RequestContextMiddleware,
    configure_logging,
    freeze_startup_heap,
)
from shared.problems import install_problem_handlers, problem_response
from shared.ratelimit import RateLimiter, RateLimitMiddleware, RateLimitSettings
from shared.settings import AuthSettings, PlatformSettings, platform_settings
from shared.web_assets import install_api_docs

log = structlog.get_logger("pmo.gateway")


class GatewayApp:
    """The ASGI entry point: ``/graphql`` goes straight to the GraphQL endpoint behind our own
    request middleware; everything else (health, metrics, OpenAPI) to the FastAPI app.

    FastAPI's and Starlette's layers (error, telemetry, body-limit, exception and exit-stack
    middleware, routing) measured ~9% of a GraphQL request; they add nothing it needs."""

    def __init__(
        self,
        api: FastAPI,
        graphql: GraphQLEndpoint,
        *,
        max_body_bytes: int,
        max_upload_bytes: int,
    ) -> None:
        self.api = api
        self.graphql_endpoint = graphql
        # Subscriptions: graphql-transport-ws over WebSocket at the same path.
        self.live = LiveEndpoint(graphql.schema)
        # One budget per principal for both entry points (GraphQL requests count as reads:
        # the services a mutation reaches count it against their own write budgets).
        limiter = RateLimiter(RateLimitSettings(), service="gateway", reads_only=True)
        api.state.rate_limiter = limiter
        guarded = RequestGuardMiddleware(graphql, max_body_bytes=max_body_bytes)
        limited = RateLimitMiddleware(guarded, limiter=limiter)
        self.graphql = RequestContextMiddleware(limited, service="gateway")
        # File uploads (multipart, mutations only) have their own, larger, size cap.
        multipart = {GraphQLEndpoint.path: frozenset({uploads.MULTIPART})}
        guarded_uploads = RequestGuardMiddleware(
            graphql, max_body_bytes=max_upload_bytes, raw_body_media_types=multipart
        )
        limited_uploads = RateLimitMiddleware(guarded_uploads, limiter=limiter)
        self.uploads = RequestContextMiddleware(limited_uploads, service="gateway")

    @property
    def state(self) -> State:
        return self.api.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == GraphQLEndpoint.path:
            scope["app"] = self.api  # the context reads the clients from the app's state
            if uploads.is_multipart(_content_type(scope)):
                await self.uploads(scope, receive, send)
            else:
                await self.graphql(scope, receive, send)
        elif scope["type"] == "websocket" and scope["path"] == GraphQLEndpoint.path:
            scope["app"] = self.api
            await self.live(scope, receive, send)
        else:
            await self.api(scope, receive, send)


def create_app(
    settings: GatewaySettings | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> GatewayApp:
    """``transports`` (by upstream name) is the test seam: in-process ASGI apps or mocks."""
    settings = settings or GatewaySettings()
    platform = platform_settings()
    configure_logging(platform.log_level, json=platform.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.clients = build_clients(settings, transports)
        app.state.feed_hub = feed_hub(settings, transports)
        # Verifies bearer tokens only to key rate limits by principal (shared/ratelimit.py);
        # the services verify them again for everything else.
        app.state.token_verifier = _token_verifier(platform)
        freeze_startup_heap()
        try:
            yield
        finally:
            await app.state.feed_hub.aclose()
            await app.state.clients.aclose()
            log.info("service_stopped", service="gateway")
            if app.state.token_verifier is not None:
                await app.state.token_verifier.aclose()

    app = FastAPI(
        title="PMO GraphQL gateway",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served from vendored assets: install_api_docs
        redoc_url=None,
    )
    app.state.document_links = DocumentLinks(
        settings.reporting_public_url or settings.reporting_url
    )
    install_problem_handlers(app)
    graphql = GraphQLEndpoint(
        build_schema(settings),
        context=build_context,
        persisted=_persisted_queries(settings),
        page=graphiql_page if settings.graphiql else None,
    )
    install_api_docs(app, title=app.title)
    _add_health_routes(app)
    app.add_middleware(RequestContextMiddleware, service="gateway")
    return GatewayApp(
        app,
        graphql,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
    )


def _token_verifier(platform: PlatformSettings) -> TokenVerifier | None:
    """None when this gateway has no key settings: its rate limits then key by address."""
    try:
        return TokenVerifier(AuthSettings(), platform)
    except ValueError:
        log.warning("gateway_rate_limits_by_address", reason="no PMO_AUTH_* key settings")
        return None


def _content_type(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return str(value.decode("latin-1"))
    return None


def _persisted_queries(settings: GatewaySettings) -> PersistedQueries:
    allow_list = None
    if settings.persisted_queries_only:
        if settings.persisted_queries_file is None:
            raise ValueError("GATEWAY_PERSISTED_QUERIES_ONLY needs GATEWAY_PERSISTED_QUERIES_FILE")
        allow_list = load_allow_list(settings.persisted_queries_file)
    return PersistedQueries(
        max_entries=settings.persisted_queries_cache_size,
        max_chars=settings.persisted_queries_cache_chars,
        allow_list=allow_list,
    )


def _add_health_routes(app: FastAPI) -> None:
    @app.get("/healthz", operation_id="get_healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", operation_id="get_readyz", tags=["health"])
    async def readyz(request: Request) -> Response:
        clients: Clients = request.app.state.clients
        upstreams = clients.by_name()
        answers = await asyncio.gather(*(c.healthy() for c in upstreams.values()))
        down = [name for name, ok in zip(upstreams, answers, strict=True) if not ok]
        if down:
            error = ServiceUnavailable(f"Upstream not healthy: {', '.join(down)}.")
            return problem_response(error, request.url.path)
        return Response(orjson.dumps({"status": "ok"}), media_type="application/json")

    @app.get("/metrics", operation_id="get_metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
