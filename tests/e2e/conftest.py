"""The whole system as real processes on free local ports, talking real HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pmo.runner import (
    LOOPBACK_WEBHOOK_CIDRS,
    SERVICE_ORDER,
    SystemProcesses,
    free_port,
    system_env,
)
from shared.testing.database import run_databases


@pytest.fixture(scope="session")
def running_system(database_server, tmp_path_factory) -> Iterator[SystemProcesses]:
    with run_databases(database_server, "e2e") as urls:
        yield from _run(urls, tmp_path_factory)


def _run(urls: dict[str, str], tmp_path_factory) -> Iterator[SystemProcesses]:
    system = SystemProcesses(ports={service: free_port() for service in SERVICE_ORDER})
    log_dir: Path = tmp_path_factory.mktemp("e2e-logs")
    env = system_env(urls, system.ports, base=os.environ)
    env.setdefault("PMO_WEBHOOKS_ALLOWED_CIDRS", LOOPBACK_WEBHOOK_CIDRS)
    system.start(env, log_dir=log_dir)
    try:
        system.wait_ready(timeout=180)  # a loaded CI machine imports slowly
        yield system
    except Exception:
        for log in sorted(log_dir.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-4000:]}")
        raise
    finally:
        system.stop()


class GraphQL:
    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def __call__(self, query: str, **variables: object) -> dict:
        response = self.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def graphql(running_system: SystemProcesses, admin_token: str) -> Iterator[GraphQL]:
    headers = {"authorization": f"Bearer {admin_token}"}
    with httpx.Client(base_url=running_system.url("gateway"), headers=headers, timeout=30) as http:
        yield GraphQL(http)
