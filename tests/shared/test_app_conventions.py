"""Conventions every service gets from ``shared.app``, checked on a small app built by the
same factory (real PostgreSQL, real middleware)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import structlog
import structlog.testing
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, FastAPI

from services.projects.models import idempotency_keys
from shared.app import ServiceSpec, create_service_app
from shared.postgres import ensure_databases
from shared.settings import ServiceSettings
from shared.testing.database import run_prefix

boom = APIRouter()


@boom.get("/v1/boom")
async def explode() -> None:
    raise RuntimeError("secret internal detail")


def _app(database_url: str) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="projects",
            title="conventions",
            settings=ServiceSettings(database_url=database_url),
            routers=[boom],
            idempotency=idempotency_keys,
        )
    )


@pytest.fixture(scope="module")
async def migrated(database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    app = _app(database_urls["projects"])
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
            base_url="http://t",
        ) as http,
    ):
        yield http


async def test_unexpected_error_is_a_masked_500(migrated, admin_token) -> None:
    with structlog.testing.capture_logs() as logs:
        response = await migrated.get(
            "/v1/boom", headers={"authorization": f"Bearer {admin_token}", "x-request-id": "req-42"}
        )
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert "secret internal detail" not in response.text
    assert body["request_id"] == "req-42"
    assert response.headers["x-request-id"] == "req-42"
    errors = [entry for entry in logs if entry["log_level"] == "error"]
    assert len(errors) == 1
    assert "secret internal detail" in str(errors[0]["exc_info"])
    assert errors[0]["path"] == "/v1/boom"


async def test_request_id_is_generated_when_absent(migrated) -> None:
    response = await migrated.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32


async def test_hostile_request_id_is_replaced(migrated) -> None:
    response = await migrated.get("/healthz", headers={"x-request-id": "bad id\twith spaces"})
    assert response.headers["x-request-id"] != "bad id\twith spaces"


async def test_ready_when_migrated_and_metrics_exposed(migrated) -> None:
    assert (await migrated.get("/readyz")).status_code == 200
    metrics = await migrated.get("/metrics")
    assert "pmo_http_request_duration_seconds" in metrics.text


async def test_not_ready_before_migrations(database_server) -> None:
    name = f"{run_prefix('test')}_unmigrated"
    await ensure_databases(database_server, [name], fresh=True)
    app = _app(database_server.database_url(name))
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        response = await http.get("/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert (await http.get("/healthz")).status_code == 200


def test_placeholder_secret_refused_in_production(monkeypatch) -> None:
    from shared.settings import AuthSettings, Environment, PlatformSettings, resolve_jwt_secret

    with pytest.raises(ValueError, match="placeholder"):
        resolve_jwt_secret(
            AuthSettings(jwt_secret="changeme"),
            PlatformSettings(environment=Environment.production),
        )
    with pytest.raises(ValueError, match="JWKS"):
        resolve_jwt_secret(
            AuthSettings(jwt_secret=None), PlatformSettings(environment=Environment.production)
        )


async def test_dev_secret_is_created_once(tmp_path) -> None:
    from shared.settings import load_or_create_dev_secret

    secrets = await asyncio.gather(
        *(asyncio.to_thread(load_or_create_dev_secret, tmp_path) for _ in range(5))
    )
    assert len(set(secrets)) == 1 and len(secrets[0]) >= 32
    assert (tmp_path / "dev-jwt-secret").stat().st_mode & 0o077 == 0


def test_schema_lag_rules() -> None:
    from shared.health import schema_lag

    heads, known = {"0003"}, {"0001", "0002", "0003"}
    assert schema_lag(heads, known, {"0003"}) is None
    assert schema_lag(heads, known, {"0004"}) is None  # newer than this code: stays ready
    assert schema_lag(heads, known, set()) == "no migrations have run"
    assert "code expects ['0003']" in schema_lag(heads, known, {"0002"})
