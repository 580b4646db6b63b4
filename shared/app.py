"""Builds a service's FastAPI app with the conventions every service shares."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field

import structlog
from fastapi import APIRouter, FastAPI
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.audit_api import ReadAccess, audit_router, global_readers_only
from shared.auth import TokenVerifier
from shared.db import make_engine, make_sessionmaker
from shared.guards import RequestGuardMiddleware
from shared.health import health_router
from shared.idempotency import IdempotencyMiddleware, purge_expired_keys
from shared.observability import (
    RequestContextMiddleware,
    configure_logging,
    freeze_startup_heap,
)
from shared.openapi import DocumentRules, install_openapi
from shared.problems import install_problem_handlers
from shared.reads import Reader, open_read_pool
from shared.settings import AuthSettings, ServiceSettings, platform_settings
from shared.web_assets import install_api_docs
from shared.webhooks.wiring import WebhookWiring

log = structlog.get_logger("pmo.app")
Hook = Callable[[FastAPI], Awaitable[None]]


@dataclass
class ServiceSpec:
    name: str
    title: str
    settings: ServiceSettings
    routers: Sequence[APIRouter]
    idempotency: Table
    # The service's audit table: writes are recorded in it and GET /v1/audit-records reads it.
    audit: Table | None = None
    audit_access: ReadAccess = global_readers_only
    version: str = "0.1.0"
    body_limits: Mapping[str, int] = field(default_factory=dict)
    raw_body_media_types: Mapping[str, frozenset[str]] = field(default_factory=dict)
    on_startup: Sequence[Hook] = ()
    on_shutdown: Sequence[Hook] = ()
    # The summary of each operation in the OpenAPI document, by operation id.
    summaries: Mapping[str, str] = field(default_factory=dict)
    # The routers whose operations call another service over HTTP: they may answer 502, 503
    # and 504, and their OpenAPI operations say so (the service's other operations do not).
    upstream_routers: Sequence[APIRouter] = ()
    # Webhook subscriptions and the dispatcher (shared/webhooks), for services with events.
    webhooks: WebhookWiring | None = None


async def _purge_quietly(engine: AsyncEngine, spec: ServiceSpec) -> None:
    """Housekeeping must not stop a start: with the database down or not yet migrated the
    service still starts, and /readyz says why it is not ready."""
    try:
        await purge_expired_keys(engine, spec.idempotency, spec.settings.idempotency_ttl_seconds)
    except Exception:
        log.warning("idempotency_purge_skipped", exc_info=True)


def _lifespan(spec: ServiceSpec) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Opens the write engine, the read pool and the token verifier for the app's life."""
    platform = platform_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings = spec.settings
        engine = make_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
        )
        app.state.engine = engine
        read_pool = await open_read_pool(
            settings.read_database_url or settings.database_url, size=settings.db_read_pool_size
        )
        app.state.reader = Reader(pool=read_pool)
        app.state.sessionmaker = make_sessionmaker(engine)
        app.state.token_verifier = TokenVerifier(AuthSettings(), platform)
        app.state.settings = settings
        await _purge_quietly(engine, spec)
        for hook in spec.on_startup:
            await hook(app)
        if spec.webhooks is not None:
            await spec.webhooks.start(app, spec.name)
        freeze_startup_heap()
        try:
            yield
        finally:
            if spec.webhooks is not None:
                await spec.webhooks.stop(app)
            for hook in spec.on_shutdown:
                await hook(app)
            await read_pool.close()
            await engine.dispose()

    return lifespan


def create_service_app(spec: ServiceSpec) -> FastAPI:
    platform = platform_settings()
    configure_logging(platform.log_level, json=platform.log_json)
    app = FastAPI(
        title=spec.title,
        version=spec.version,
        openapi_url="/openapi.json",
        docs_url=None,  # served from vendored assets: install_api_docs
        redoc_url=None,
        lifespan=_lifespan(spec),
    )
    install_problem_handlers(app)
    install_api_docs(app, title=spec.title)
    routers = [health_router(spec.name), *spec.routers]
    upstream = list(spec.upstream_routers)
    if spec.audit is not None:
        routers.append(audit_router(spec.audit, spec.audit_access))
    if spec.webhooks is not None:
        webhooks = spec.webhooks.router(spec.settings.webhooks)
        routers.append(webhooks)
        if spec.webhooks.calls_upstream:
            upstream.append(webhooks)
    for router in routers:
        app.include_router(router)
    install_openapi(app, DocumentRules.build(routers, spec.summaries, upstream))
    _add_middleware(app, spec)
    return app


def _add_middleware(app: FastAPI, spec: ServiceSpec) -> None:
    # Added innermost first: the guard sees the body before idempotency reads it, and the
    # request id wraps everything so even a 413 carries one.
    app.add_middleware(
        IdempotencyMiddleware,
        table=spec.idempotency,
        ttl_seconds=spec.settings.idempotency_ttl_seconds,
    )
    app.add_middleware(
        RequestGuardMiddleware,
        max_body_bytes=spec.settings.max_body_bytes,
        body_limits=spec.body_limits,
        raw_body_media_types=spec.raw_body_media_types,
    )
    app.add_middleware(RequestContextMiddleware, service=spec.name)
