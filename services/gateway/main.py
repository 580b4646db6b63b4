"""The gateway: one GraphQL API over the three services (no database of its own)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
import orjson
from fastapi import FastAPI, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.datastructures import State
from starlette.requests import HTTPConnection
from starlette.requests import Request as StarletteRequest
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from services.gateway import json_post
from services.gateway.clients import Clients, build_clients
from services.gateway.config import GatewaySettings
from services.gateway.context import GatewayContext, build_context
from services.gateway.reporting.links import DocumentLinks
from services.gateway.schema import build_schema
from shared.errors import ServiceUnavailable
from shared.guards import RequestGuardMiddleware
from shared.observability import (
    RequestContextMiddleware,
    configure_logging,
    freeze_startup_heap,
)
from shared.problems import install_problem_handlers, problem_response
from shared.settings import platform_settings


class GatewayGraphQL(GraphQL[GatewayContext, None]):
    """strawberry's ASGI app, routed at /graphql.

    Not the FastAPI ``GraphQLRouter``: its context arrives through FastAPI's dependency
    injection (four dependencies solved per request), which measured ~35% of the gateway's
    CPU on a trivial query; the gateway's speed target (>= 1/3 of the REST read it wraps)
    needs that back. Same schema, same HTTP protocol, same GraphiQL.
    """

    path = "/graphql"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Starlette names no route for a plain ASGI endpoint; metrics label requests by it.
        scope["route"] = self
        if scope["type"] == "http" and json_post.wants_json_post(scope):
            body = await json_post.read_body(receive)
            try:
                request = json_post.single_operation(body)
            except json_post.NotARequest as error:
                await json_post.refuse(send, error)
                return
            if request is not None:
                context = build_context(HTTPConnection(scope))
                await json_post.execute(self.schema, request, context, send, self.encode_json)
                return
            receive = json_post.replay(body, receive)
        await super().__call__(scope, receive, send)

    async def get_context(
        self, request: StarletteRequest | WebSocket, response: Response | WebSocket
    ) -> GatewayContext:
        return build_context(request)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on large results.
        return orjson.dumps(data)


class GatewayApp:
    """The ASGI entry point: ``/graphql`` goes straight to strawberry behind our own request
    middleware; everything else (health, metrics, OpenAPI) to the FastAPI app.

    FastAPI's and Starlette's layers (error, telemetry, body-limit, exception and exit-stack
    middleware, routing) measured ~9% of a GraphQL request; they add nothing it needs."""

    def __init__(self, api: FastAPI, graphql: ASGIApp, *, max_body_bytes: int) -> None:
        self.api = api
        guarded = RequestGuardMiddleware(graphql, max_body_bytes=max_body_bytes)
        self.graphql = RequestContextMiddleware(guarded, service="gateway")

    @property
    def state(self) -> State:
        return self.api.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == GatewayGraphQL.path:
            scope["app"] = self.api  # the context reads the clients from the app's state
            await self.graphql(scope, receive, send)
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
        freeze_startup_heap()
        try:
            yield
        finally:
            await app.state.clients.aclose()

    app = FastAPI(title="PMO GraphQL gateway", version="0.1.0", lifespan=lifespan)
    app.state.document_links = DocumentLinks(
        settings.reporting_public_url or settings.reporting_url
    )
    install_problem_handlers(app)
    graphql = GatewayGraphQL(
        build_schema(settings), graphql_ide="graphiql" if settings.graphiql else None
    )
    _add_health_routes(app)
    app.add_middleware(RequestContextMiddleware, service="gateway")
    return GatewayApp(app, graphql, max_body_bytes=settings.max_body_bytes)


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
