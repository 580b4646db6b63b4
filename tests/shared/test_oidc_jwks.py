"""OIDC with a real JWKS: a projects service configured as in production (no development
secret; the issuer's discovery document names the JWKS) against a local key server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import jwt
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from shared.settings import platform_settings
from tests.shared.keyserver import KeyServer, SigningKey, hs256_with_public_key, running_key_server

AUDIENCE = "pmo-api"
CACHE_SECONDS = 1.0


@pytest.fixture(scope="module")
def key_server() -> Iterator[KeyServer]:
    with running_key_server() as server:
        server.keys = [SigningKey.rsa(), SigningKey.ec()]
        yield server


@pytest.fixture(scope="module")
async def oidc_app(key_server: KeyServer, database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    with pytest.MonkeyPatch.context() as env:
        env.delenv("PMO_AUTH_JWT_SECRET", raising=False)
        env.delenv("PMO_AUTH_JWKS_URL", raising=False)
        env.setenv("PMO_ENVIRONMENT", "production")
        env.setenv("PMO_AUTH_SERVICE_TOKEN", "issued-by-the-idp")
        env.setenv("PMO_AUTH_OIDC_ISSUER", key_server.issuer)
        env.setenv("PMO_AUTH_AUDIENCE", AUDIENCE)
        env.setenv("PMO_AUTH_JWKS_CACHE_SECONDS", str(CACHE_SECONDS))
        env.setenv("PMO_AUTH_JWKS_MIN_REFETCH_SECONDS", "0")
        platform_settings.cache_clear()
        try:
            app = create_app(ProjectsSettings(database_url=database_urls["projects"]))
            async with LifespanManager(app):
                yield app
        finally:
            platform_settings.cache_clear()


@pytest.fixture
async def http(oidc_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=oidc_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def claims(server: KeyServer, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "sub": "oidc-user",
        "roles": ["executive"],
        "aud": AUDIENCE,
        "iss": server.issuer,
        "iat": now,
        "exp": now + 600,
    }
    return {**base, **overrides}


async def status_with(http: httpx.AsyncClient, token: str) -> int:
    response = await http.get("/v1/projects", headers={"authorization": f"Bearer {token}"})
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
    return response.status_code


async def test_rs256_and_es256_tokens_are_accepted(
    http: httpx.AsyncClient, key_server: KeyServer
) -> None:
    rsa_key, ec_key = key_server.keys
    assert await status_with(http, rsa_key.sign(claims(key_server))) == 200
    assert await status_with(http, ec_key.sign(claims(key_server))) == 200
    assert key_server.discovery_fetches == 1  # the JWKS URL came from discovery, once


@pytest.mark.parametrize("case", ["audience", "issuer", "expired", "none", "hs256-confusion"])
async def test_bad_tokens_are_refused(
    http: httpx.AsyncClient, key_server: KeyServer, case: str
) -> None:
    rsa_key = key_server.keys[0]
    past = int(time.time()) - 3600
    token = {
        "audience": lambda: rsa_key.sign(claims(key_server, aud="someone-else")),
        "issuer": lambda: rsa_key.sign(claims(key_server, iss="https://evil.example")),
        "expired": lambda: rsa_key.sign(claims(key_server, iat=past - 60, exp=past)),
        "none": lambda: jwt.encode(
            claims(key_server), None, algorithm="none", headers={"kid": rsa_key.kid}
        ),
        "hs256-confusion": lambda: hs256_with_public_key(rsa_key, claims(key_server)),
    }[case]()
    assert await status_with(http, token) == 401


async def test_key_rotation_refetches_once_and_drops_removed_keys(
    http: httpx.AsyncClient, key_server: KeyServer
) -> None:
    old = key_server.keys[0]
    old_token = old.sign(claims(key_server, sub="rotating"))
    assert await status_with(http, old_token) == 200
    new = SigningKey.rsa()
    key_server.keys = [*key_server.keys, new]
    before = key_server.jwks_fetches
    assert await status_with(http, new.sign(claims(key_server))) == 200
    assert key_server.jwks_fetches == before + 1
    assert await status_with(http, old_token) == 200  # still published
    key_server.keys = [key for key in key_server.keys if key is not old]
    await asyncio.sleep(CACHE_SECONDS + 0.1)  # the cached set expires, then is refetched
    assert await status_with(http, old_token) == 401
    assert await status_with(http, new.sign(claims(key_server))) == 200


async def test_a_slow_key_fetch_does_not_block_the_event_loop(
    http: httpx.AsyncClient, key_server: KeyServer
) -> None:
    new = SigningKey.ec()
    key_server.keys = [*key_server.keys, new]
    key_server.delay_seconds = 1.0
    try:
        slow = asyncio.create_task(status_with(http, new.sign(claims(key_server))))
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        health = await http.get("/healthz")
        elapsed = time.perf_counter() - started
        assert health.status_code == 200
        assert not slow.done()
        assert await slow == 200
    finally:
        key_server.delay_seconds = 0.0
    print(f"/healthz answered in {elapsed * 1000:.1f} ms during a 1 s key fetch")
    assert elapsed < 0.2


async def test_100_requests_with_an_unknown_kid_cause_one_fetch(
    http: httpx.AsyncClient, key_server: KeyServer
) -> None:
    stranger = SigningKey.rsa()  # never published
    token = stranger.sign(claims(key_server))
    key_server.delay_seconds = 0.3
    before = key_server.jwks_fetches
    try:
        statuses = await asyncio.gather(*(status_with(http, token) for _ in range(100)))
    finally:
        key_server.delay_seconds = 0.0
    print(f"100 concurrent unknown-kid requests: {key_server.jwks_fetches - before} fetch")
    assert statuses == [401] * 100
    assert key_server.jwks_fetches == before + 1


async def test_an_unreachable_key_server_is_a_503_problem(
    http: httpx.AsyncClient, key_server: KeyServer
) -> None:
    new = SigningKey.rsa()
    key_server.keys = [*key_server.keys, new]
    key_server.failing = True
    try:
        response = await http.get(
            "/v1/projects",
            headers={"authorization": f"Bearer {new.sign(claims(key_server))}"},
        )
    finally:
        key_server.failing = False
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 503
    assert await status_with(http, new.sign(claims(key_server))) == 200
