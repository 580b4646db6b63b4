"""``make bench`` (HTTP part): starts the real system pinned to core 0, loads it with wrk
pinned to core 1, and prints req/s, p50 and p99 at 10 and 50 connections for each
scenario beside a raw-asyncpg FastAPI reference measured in the same run.

    uv run python tests/perf/bench_http.py [--seconds 5] [--runs 3]

BENCH_SERVICE_CPUS (default 0) chooses the cores of the four processes; wrk always runs on
core 1. The default, like the issue's reference figures, puts one request's whole path
(gateway and upstream) on one core, so a gateway figure is bounded by the sum of both.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import orjson

from pmo.runner import SERVICE_ORDER, SystemProcesses, free_port, system_env
from services.gateway.over_http.persisted import sha256
from shared.auth import mint_token
from shared.http import ServiceClient
from shared.settings import PROJECT_ROOT
from shared.testing.database import fresh_migrated_databases, run_database_server
from tests.perf.wrk import WrkResult, lua_script, run_wrk

SERVICE_CPU, LOAD_CPU = "0", "1"
PROJECTS, TASKS_PER_PROJECT = 50, 20
PROJECT_QUERY = "query($id: ID!) { project(id: $id) { id code name status budget } }"


@dataclass(frozen=True)
class Scenario:
    name: str
    url: str
    method: str = "GET"
    body: bytes | None = None


def graphql_body(query: str, **variables: object) -> bytes:
    return orjson.dumps({"query": query, "variables": variables})


async def seed(projects_url: str, token: str) -> tuple[str, str]:
    async with ServiceClient(projects_url, token=token) as http:
        portfolio = await http.send_json("POST", "/v1/portfolios", {"name": "Bench"})
        first_project = ""
        for number in range(PROJECTS):
            project = await http.send_json(
                "POST",
                "/v1/projects",
                {
                    "code": f"B-{number:03}",
                    "name": f"Bench project {number}",
                    "portfolio_id": portfolio["id"],
                    "budget": "1000.00",
                    "currency": "EUR",
                },
            )
            first_project = first_project or project["id"]
            for task in range(TASKS_PER_PROJECT):
                await http.send_json(
                    "POST",
                    f"/v1/projects/{project['id']}/tasks",
                    {"name": f"Task {task}", "duration_days": "3", "percent_complete": "20"},
                )
    return portfolio["id"], first_project


def scenarios(
    system: SystemProcesses, reference: str, portfolio: str, project: str
) -> list[Scenario]:
    rest, gateway = system.url("projects"), system.url("gateway") + "/graphql"
    one = PROJECT_QUERY
    fifty = "query { projects(first: 50) { edges { node { id code name status budget } } } }"
    tree = (
        "query($id: ID!) { portfolio(id: $id) { projects(first: 50) { edges { node { id code"
        " tasks(first: 20) { edges { node { id name percentComplete } } } } } } } }"
    )
    return [
        Scenario("reference: raw asyncpg read by id", f"{reference}/projects/{project}"),
        Scenario("REST read by id", f"{rest}/v1/projects/{project}"),
        Scenario("REST list of 50", f"{rest}/v1/projects?limit=50"),
        Scenario("gateway: project(id)", gateway, "POST", graphql_body(one, id=project)),
        Scenario("gateway: persisted project(id) by GET", persisted_get(gateway, one, project)),
        Scenario("gateway: projects(first: 50)", gateway, "POST", graphql_body(fifty)),
        Scenario(
            "gateway: portfolio{projects{tasks}} 50x20",
            gateway,
            "POST",
            graphql_body(tree, id=portfolio),
        ),
    ]


def persisted_get(gateway: str, query: str, project: str) -> str:
    """The automatic-persisted-query GET of ``query`` (registered by ``register``)."""
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}
    params = {"variables": orjson.dumps({"id": project}), "extensions": orjson.dumps(extensions)}
    return f"{gateway}?{urlencode(params)}"


async def register(gateway: str, token: str, project: str) -> None:
    """Sends hash and text once, as a client does after PersistedQueryNotFound."""
    query = PROJECT_QUERY
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}
    body = {"query": query, "variables": {"id": project}, "extensions": extensions}
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers) as http:
        (await http.post(gateway, json=body)).raise_for_status()
        hit = await http.get(persisted_get(gateway, query, project))
        assert "errors" not in hit.json(), hit.text


def measure(scenario: Scenario, token: str, connections: int, seconds: int, runs: int) -> WrkResult:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    script = lua_script(scenario.method, headers, scenario.body)
    run_wrk(scenario.url, script, connections=connections, seconds=1, cpu=LOAD_CPU)  # warm-up
    results = [
        run_wrk(scenario.url, script, connections=connections, seconds=seconds, cpu=LOAD_CPU)
        for _ in range(runs)
    ]
    script.unlink()
    return WrkResult(
        statistics.median(r.requests_per_second for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        sum(r.errors for r in results),
    )


def start_reference(database_url: str, port: int) -> subprocess.Popen[bytes]:
    command = [
        "taskset",
        "-c",
        SERVICE_CPU,
        sys.executable,
        "-m",
        "uvicorn",
        "tests.perf.reference_app:create_app",
        "--factory",
        "--port",
        str(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    env = {**os.environ, "REFERENCE_DATABASE_URL": database_url}
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)


def print_table(rows: list[tuple[Scenario, int, WrkResult]]) -> None:
    reference = {c: r.requests_per_second for s, c, r in rows if s.name.startswith("reference")}
    rest_by_id = {c: r.requests_per_second for s, c, r in rows if s.name == "REST read by id"}
    print(
        "\n| scenario | conns | req/s | p50 ms | p99 ms | errors | vs reference | vs REST by id |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for scenario, conns, result in rows:
        ratio = result.requests_per_second / reference[conns] if reference.get(conns) else 0
        vs_rest = result.requests_per_second / rest_by_id[conns] if rest_by_id.get(conns) else 0
        print(
            f"| {scenario.name} | {conns} | {result.requests_per_second:,.0f} | "
            f"{result.p50_ms:.2f} | {result.p99_ms:.2f} | {result.errors} | {ratio:.2f}x | "
            f"{vs_rest:.2f}x |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="run the scenarios whose name contains this text")
    args = parser.parse_args()
    secret = secrets.token_urlsafe(48)
    os.environ["PMO_AUTH_JWT_SECRET"] = secret
    os.environ.setdefault("PMO_ENVIRONMENT", "test")
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    token = mint_token(secret, subject="bench", roles=["admin"], ttl_seconds=3600)
    with run_database_server() as server:
        run(args, token, fresh_migrated_databases(server, "pmo_bench"))


def run(args: argparse.Namespace, token: str, urls: dict[str, str]) -> None:
    system = SystemProcesses(
        ports={s: free_port() for s in SERVICE_ORDER},
        command_prefix=["taskset", "-c", os.environ.get("BENCH_SERVICE_CPUS", SERVICE_CPU)],
    )
    reference_port = free_port()
    system.start(system_env(urls, system.ports), log_dir=PROJECT_ROOT / ".state" / "bench-logs")
    reference = start_reference(urls["projects"], reference_port)
    try:
        system.wait_ready()
        portfolio, project = asyncio.run(seed(system.url("projects"), token))
        asyncio.run(register(system.url("gateway") + "/graphql", token, project))
        chosen = [
            scenario
            for scenario in scenarios(
                system, f"http://127.0.0.1:{reference_port}", portfolio, project
            )
            if not args.only or args.only in scenario.name or scenario.name == "REST read by id"
        ]
        rows = [
            (scenario, conns, measure(scenario, token, conns, args.seconds, args.runs))
            for scenario in chosen
            for conns in (10, 50)
        ]
        print_table(rows)
    finally:
        reference.terminate()
        reference.wait()
        system.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
