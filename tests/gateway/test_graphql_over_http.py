"""GraphQL over HTTP, as the specification's own audits see it: the graphql-http project's
``serverAudits`` (Node.js, pinned in tests/graphql_http_audit) run against a real gateway
listening on a local port; no failed requirement, no warning. Without Node.js and npm this
fails: the acceptance needs these audits."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from pmo.runner import free_port
from services.gateway.config import GatewaySettings
from services.gateway.main import create_app

AUDIT = Path(__file__).resolve().parents[1] / "graphql_http_audit"
GQL = "application/graphql-response+json"


def install_audit() -> None:
    """``npm ci`` of the pinned audit (what ``make sync`` does) when it is not installed."""
    npm = shutil.which("npm")
    assert npm is not None and shutil.which("node"), "Node.js and npm are needed for the audits"
    if not (AUDIT / "node_modules" / "graphql-http").exists():
        subprocess.run([npm, "ci"], cwd=AUDIT, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def gateway_url() -> Iterator[str]:
    """The gateway alone: the audits ask only for ``__typename`` and errors."""
    port = free_port()
    nowhere = f"http://127.0.0.1:{free_port()}"
    settings = GatewaySettings(
        projects_url=nowhere, governance_url=nowhere, reporting_url=nowhere, graphiql=True
    )
    config = uvicorn.Config(create_app(settings), port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the gateway did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/graphql"
    server.should_exit = True
    thread.join(timeout=10)


def test_graphql_http_audits_pass_with_no_warning(gateway_url: str) -> None:
    install_audit()
    run = subprocess.run(
        ["node", "audit.mjs", gateway_url], cwd=AUDIT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    counts = {
        status: sum(r["status"] == status for r in results)
        for status in ("ok", "warn", "error", "notice")
    }
    print(f"graphql-http audits: {counts}")
    failed = [
        f"{r['id']} {r['status']}: {r['name']} ({r['reason']})"
        for r in results
        if r["status"] != "ok"
    ]
    assert failed == [], "\n".join(failed)
    assert counts["ok"] == len(results) > 50


def test_accept_negotiation(gateway_url: str) -> None:
    body = {"query": "{ __typename }"}
    cases = {
        None: "application/json",
        "*/*": "application/json",
        "application/json": "application/json",
        GQL: GQL,
        f"{GQL}, application/json;q=0.9": GQL,
        f"application/json, {GQL};q=0.5": "application/json",
        "application/*": "application/json",
    }
    with httpx.Client() as http:
        for accept, expected in cases.items():
            headers = {} if accept is None else {"accept": accept}
            answer = http.post(gateway_url, json=body, headers=headers)
            assert answer.status_code == 200, accept
            assert answer.headers["content-type"] == expected, accept
        refused = http.post(gateway_url, json=body, headers={"accept": "text/csv"})
        assert refused.status_code == 406
        wrong_type = http.post(
            gateway_url, content=b"{ __typename }", headers={"content-type": "application/graphql"}
        )
        assert wrong_type.status_code == 415
        latin = http.post(
            gateway_url, json=body, headers={"content-type": "application/json; charset=latin-1"}
        )
        assert latin.status_code == 415
        put = http.put(gateway_url, json=body)
        assert put.status_code == 405 and put.headers["allow"] == "GET, POST"


def test_request_errors_by_media_type(gateway_url: str) -> None:
    """A validation error: 400 without data in the new type, 200 with data null in JSON."""
    body = {"query": "{ noSuchField }"}
    with httpx.Client() as http:
        strict = http.post(gateway_url, json=body, headers={"accept": GQL})
        legacy = http.post(gateway_url, json=body, headers={"accept": "application/json"})
    assert strict.status_code == 400 and "data" not in strict.json()
    assert legacy.status_code == 200 and legacy.json()["data"] is None
