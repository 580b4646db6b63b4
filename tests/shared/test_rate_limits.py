"""Rate limits per principal: in memory for one replica, and in a real Redis server shared by
two app instances (the local one on 127.0.0.1:6379, or one started for the run)."""

from __future__ import annotations

import re
import secrets
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import redis
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.gateway.main import create_app as create_gateway_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from services.reporting.config import ReportingSettings
from services.reporting.main import create_app as create_reporting_app
from tests.conftest import TokenFactory
from tests.shared.openapi_documents import with_shared_parts_inline

READS, WRITES = 5, 3
HEADERS = ("ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit-policy")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """The local Redis server, or one started from PATH for this module; no Redis fails."""
    if _answers("redis://127.0.0.1:6379/0"):
        yield "redis://127.0.0.1:6379/0"
        return
    binary = shutil.which("redis-server")
    assert binary, "no Redis on 127.0.0.1:6379 and no redis-server on PATH"
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while not _answers(url):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@asynccontextmanager
async def limited_app(
    monkeypatch: pytest.MonkeyPatch, database_url: str, storage_url: str, prefix: str
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setenv("PMO_RATE_LIMIT_ENABLED", "true")
    monkeypatch.setenv("PMO_RATE_LIMIT_READS_PER_MINUTE", str(READS))
    monkeypatch.setenv("PMO_RATE_LIMIT_WRITES_PER_MINUTE", str(WRITES))
    monkeypatch.setenv("PMO_RATE_LIMIT_STORAGE_URL", storage_url)
    monkeypatch.setenv("PMO_RATE_LIMIT_KEY_PREFIX", prefix)
    app: FastAPI = create_app(ProjectsSettings(database_url=database_url))
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


def _auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def test_in_memory_budgets_headers_and_429(
    monkeypatch: pytest.MonkeyPatch, database_urls: dict[str, str], make_token: TokenFactory
) -> None:
    token, other = make_token("executive"), make_token("executive")
    async with limited_app(monkeypatch, database_urls["projects"], "memory://", "t") as http:
        remaining = []
        for _ in range(READS):
            response = await http.get("/v1/projects", headers=_auth(token))
            assert response.status_code == 200
            assert all(name in response.headers for name in HEADERS)
            assert response.headers["ratelimit-policy"] == f"{READS};w=60"
            remaining.append(int(response.headers["ratelimit-remaining"]))
        assert remaining == [4, 3, 2, 1, 0]
        refused = await http.get("/v1/projects", headers=_auth(token))
        assert refused.status_code == 429
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.json()["status"] == 429 and refused.headers["ratelimit-remaining"] == "0"
        # Writes have their own budget; another principal has its own; health is exempt.
        write = await http.post("/v1/portfolios", json={}, headers=_auth(token))
        assert write.status_code == 422 and write.headers["ratelimit-limit"] == str(WRITES)
        assert (await http.get("/v1/projects", headers=_auth(other))).status_code == 200
        for _ in range(READS + 2):
            health = await http.get("/healthz")
            assert health.status_code == 200 and "ratelimit-limit" not in health.headers


async def test_unauthenticated_requests_count_against_their_address(
    monkeypatch: pytest.MonkeyPatch, database_urls: dict[str, str]
) -> None:
    async with limited_app(monkeypatch, database_urls["projects"], "memory://", "t") as http:
        statuses = [(await http.get("/v1/projects")).status_code for _ in range(READS + 1)]
    assert statuses == [401] * READS + [429]


async def test_two_instances_sharing_redis_share_the_budget(
    monkeypatch: pytest.MonkeyPatch,
    database_urls: dict[str, str],
    make_token: TokenFactory,
    redis_url: str,
) -> None:
    prefix = f"pmo-test-{secrets.token_hex(6)}"
    token = make_token("executive")
    database_url = database_urls["projects"]
    async with (
        limited_app(monkeypatch, database_url, redis_url, prefix) as first,
        limited_app(monkeypatch, database_url, redis_url, prefix) as second,
    ):
        statuses = []
        for turn in range(READS + 1):
            http = first if turn % 2 == 0 else second
            response = await http.get("/v1/projects", headers=_auth(token))
            statuses.append(response.status_code)
        assert statuses == [200] * READS + [429]
        refused = await second.get("/v1/projects", headers=_auth(token))
        assert refused.status_code == 429 and "retry-after" in refused.headers
    keys = redis.Redis.from_url(redis_url).keys(f"{prefix}*")
    assert keys  # the budget lived in Redis, under this run's prefix


async def test_redis_down_fails_open(
    monkeypatch: pytest.MonkeyPatch, database_urls: dict[str, str], make_token: TokenFactory
) -> None:
    nowhere = f"redis://127.0.0.1:{_free_port()}/0"
    token = make_token("executive")
    async with limited_app(monkeypatch, database_urls["projects"], nowhere, "t") as http:
        started = time.perf_counter()
        statuses = [
            (await http.get("/v1/projects", headers=_auth(token))).status_code
            for _ in range(READS + 3)
        ]
        elapsed = time.perf_counter() - started
    assert statuses == [200] * (READS + 3)
    assert elapsed < 5


async def test_the_gateway_limits_per_principal(
    monkeypatch: pytest.MonkeyPatch, make_token: TokenFactory
) -> None:
    monkeypatch.setenv("PMO_RATE_LIMIT_ENABLED", "true")
    monkeypatch.setenv("PMO_RATE_LIMIT_READS_PER_MINUTE", str(READS))
    token, other = make_token("member"), make_token("member")
    gateway = create_gateway_app()
    async with LifespanManager(gateway):  # type: ignore[arg-type]
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as http:
            query = {"query": "{ __typename }"}
            statuses = [
                (await http.post("/graphql", json=query, headers=_auth(token))).status_code
                for _ in range(READS + 1)
            ]
            other_answer = await http.post("/graphql", json=query, headers=_auth(other))
    assert statuses == [200] * READS + [429]
    assert other_answer.status_code == 200 and "ratelimit-remaining" in other_answer.headers


async def test_our_services_calling_as_themselves_are_not_limited(
    monkeypatch: pytest.MonkeyPatch, database_urls: dict[str, str], governance_token: str
) -> None:
    async with limited_app(monkeypatch, database_urls["projects"], "memory://", "t") as http:
        statuses = [
            (await http.get("/v1/projects", headers=_auth(governance_token))).status_code
            for _ in range(READS + 2)
        ]
    assert statuses == [200] * (READS + 2)


def _conforms(response: httpx.Response, documented: dict[str, Any]) -> list[str]:
    """What in the answer its OpenAPI response object does not allow: a required header
    missing, a documented header whose value breaks its schema, another media type."""
    problems = []
    media = response.headers["content-type"].split(";")[0]
    if media not in documented.get("content", {}):
        problems.append(f"media type {media}")
    for name, header in documented.get("headers", {}).items():
        value = response.headers.get(name)
        schema = header["schema"]
        if value is None:
            problems += [f"missing {name}"] if header.get("required") else []
        elif schema["type"] == "integer" and not value.isdigit():
            problems.append(f"{name}: {value!r} is not an integer")
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{name}: {value!r} does not match {schema['pattern']}")
    return problems


async def test_limited_and_refused_answers_are_what_the_document_says(
    monkeypatch: pytest.MonkeyPatch, database_urls: dict[str, str], make_token: TokenFactory
) -> None:
    document = create_app(ProjectsSettings(database_url=database_urls["projects"])).openapi()
    document = with_shared_parts_inline(document)
    documented = document["paths"]["/v1/projects"]["get"]["responses"]
    token = make_token("executive")
    async with limited_app(monkeypatch, database_urls["projects"], "memory://", "doc") as http:
        answers = [await http.get("/v1/projects", headers=_auth(token)) for _ in range(READS + 1)]
    assert [a.status_code for a in answers] == [200] * READS + [429]
    for answer in answers:
        assert _conforms(answer, documented[str(answer.status_code)]) == []
    required = {n.lower() for n, h in documented["429"]["headers"].items() if h.get("required")}
    assert required >= {"retry-after", *HEADERS}


async def test_an_upstream_429_reaches_the_caller_as_its_429(
    monkeypatch: pytest.MonkeyPatch, database_urls: dict[str, str], make_token: TokenFactory
) -> None:
    """Reporting forwards the caller's token to projects: the caller's limit reached there
    is a 429 with its wait here (it was a 400, which no operation documents)."""
    token = make_token("executive")
    monkeypatch.setenv("PMO_RATE_LIMIT_ENABLED", "true")
    monkeypatch.setenv("PMO_RATE_LIMIT_READS_PER_MINUTE", str(READS))
    projects = create_app(ProjectsSettings(database_url=database_urls["projects"]))
    reporting = create_reporting_app(
        ReportingSettings(
            database_url=database_urls["reporting"],
            projects_url="http://projects",
            governance_url="http://governance",
            snapshot_scheduler_enabled=False,
        ),
        projects_transport=httpx.ASGITransport(app=projects),
    )
    async with (
        LifespanManager(projects),
        LifespanManager(reporting),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=projects), base_url="http://p") as p,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=reporting), base_url="http://r") as r,
    ):
        # The caller's whole read budget at projects, until projects itself refuses (the
        # sliding window may give back a fraction of a request across a window boundary).
        for _ in range(3 * READS):
            if (await p.get("/v1/projects", headers=_auth(token))).status_code == 429:
                break
        answer = await r.get(f"/v1/projects/{uuid.uuid4()}/health", headers=_auth(token))
    assert answer.status_code == 429, answer.text
    assert answer.json()["type"] == "https://pmo.dev/problems/rate-limited"
    assert 1 <= int(answer.headers["retry-after"]) <= 60
