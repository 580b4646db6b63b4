"""Resilience between the real processes (a system of its own, so stopping its services
disturbs no other test): a service that is down or hangs costs its fields only, with coded
field errors, then the gateway's breaker for it opens and closes again once it is back; a
service calling a hanging one answers a 504 problem in time; on SIGTERM a service finishes
its in-flight requests, refuses new connections, runs its shutdown and exits 0."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from pmo.runner import SERVICE_ORDER, SystemProcesses, free_port, system_env
from shared.testing.database import run_databases

TIMEOUT = 4.0  # every upstream read in this system (gateway and services)
COOLDOWN = 1.0
GRACE = 30
PROJECT_WITH_HEALTH = """query($id: ID!) {
  project(id: $id) { code name health { overall } }
}"""


@dataclass
class System:
    processes: SystemProcesses
    env: dict[str, str]
    log_dir: Path
    token: str

    def url(self, service: str) -> str:
        return self.processes.url(service)

    def pid(self, service: str) -> int:
        return self.processes.processes[service].pid

    def restart(self, service: str) -> None:
        self.processes.start_one(service, self.env, self.log_dir)
        self.processes.wait_ready(timeout=120)

    def http(self, service: str) -> httpx.Client:
        headers = {"authorization": f"Bearer {self.token}"}
        return httpx.Client(base_url=self.url(service), headers=headers, timeout=30)

    def graphql(self, query: str, **variables: object) -> tuple[dict[str, Any], float]:
        started = time.monotonic()
        with self.http("gateway") as http:
            response = http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return response.json(), time.monotonic() - started


@pytest.fixture(scope="module")
def system(database_server, tmp_path_factory, admin_token: str) -> Iterator[System]:
    with run_databases(database_server, "resilience") as urls:
        processes = SystemProcesses(ports={service: free_port() for service in SERVICE_ORDER})
        log_dir: Path = tmp_path_factory.mktemp("resilience-logs")
        env = system_env(urls, processes.ports, base=os.environ)
        env.update(
            PMO_UPSTREAM_READ_TIMEOUT_SECONDS=str(TIMEOUT),
            PMO_UPSTREAM_TOTAL_TIMEOUT_SECONDS=str(TIMEOUT * 2),
            PMO_UPSTREAM_BREAKER_FAILURES="3",
            PMO_UPSTREAM_BREAKER_COOLDOWN_SECONDS=str(COOLDOWN),
            GATEWAY_UPSTREAM_TIMEOUT_SECONDS=str(TIMEOUT),
            GATEWAY_UPSTREAM_TOTAL_TIMEOUT_SECONDS=str(TIMEOUT * 2),
            PMO_SHUTDOWN_GRACE_SECONDS=str(GRACE),
            PMO_LOG_LEVEL="INFO",  # the service_stopped line
        )
        processes.start(env, log_dir=log_dir)
        try:
            processes.wait_ready(timeout=180)
            yield System(processes, env, log_dir, admin_token)
        except Exception:
            for log in sorted(log_dir.glob("*.log")):
                print(f"--- {log.name}\n{log.read_text()[-4000:]}")
            raise
        finally:
            for process in processes.processes.values():  # a stopped one cannot take SIGTERM
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGCONT)
            processes.stop()


def create_project(system: System) -> dict[str, Any]:
    code = f"R-{uuid.uuid4().hex[:6]}"
    with system.http("projects") as http:
        response = http.post("/v1/projects", json={"code": code, "name": f"Resilience {code}"})
    assert response.status_code == 201, response.text
    return response.json()


def test_a_killed_service_costs_its_fields_then_its_breaker_opens_and_closes(
    system: System,
) -> None:
    project = create_project(system)
    healthy, _ = system.graphql(PROJECT_WITH_HEALTH, id=project["id"])
    assert "errors" not in healthy, healthy
    assert healthy["data"]["project"]["health"] is not None

    system.processes.processes["reporting"].kill()
    system.processes.processes["reporting"].wait()
    answers = [system.graphql(PROJECT_WITH_HEALTH, id=project["id"]) for _ in range(5)]

    for answer, _ in answers:
        assert answer["data"]["project"] == {
            "code": project["code"],
            "name": project["name"],
            "health": None,
        }
        [error] = answer["errors"]
        assert error["path"] == ["project", "health"]
        assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        assert error["extensions"]["service"] == "reporting"
    statuses = [answer["errors"][0]["extensions"]["status"] for answer, _ in answers]
    # Refused connections (502) until 3 calls failed; then the open breaker answers (503)
    # without trying the dead upstream.
    assert statuses == [502, 502, 502, 503, 503]
    assert "circuit open" in answers[-1][0]["errors"][0]["message"]

    system.restart("reporting")
    time.sleep(COOLDOWN)  # the breaker lets a probe through after its cool-down
    recovered, _ = system.graphql(PROJECT_WITH_HEALTH, id=project["id"])
    assert "errors" not in recovered, recovered
    assert recovered["data"]["project"]["health"] is not None


def test_a_hanging_service_is_a_timeout_on_its_field_and_a_504_problem_in_rest(
    system: System,
) -> None:
    project = create_project(system)
    reporting = system.pid("reporting")
    os.kill(reporting, signal.SIGSTOP)  # takes connections (the kernel's backlog), answers none
    try:
        answer, elapsed = system.graphql(PROJECT_WITH_HEALTH, id=project["id"])
    finally:
        os.kill(reporting, signal.SIGCONT)
    assert answer["data"]["project"]["code"] == project["code"]
    [error] = answer["errors"]
    assert error["path"] == ["project", "health"]
    assert error["extensions"] == {
        "code": "UPSTREAM_TIMEOUT",
        "status": 504,
        "service": "reporting",
    }
    assert TIMEOUT <= elapsed < TIMEOUT + 1.5, elapsed

    projects = system.pid("projects")
    os.kill(projects, signal.SIGSTOP)
    started = time.monotonic()
    try:
        with system.http("reporting") as http:
            response = http.get(f"/v1/projects/{project['id']}/charts/gantt.svg")
    finally:
        os.kill(projects, signal.SIGCONT)
    elapsed = time.monotonic() - started
    assert response.status_code == 504, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["service"] == "projects"
    assert TIMEOUT <= elapsed < TIMEOUT + 1.5, elapsed


def _tasks(count: int, tag: str) -> dict[str, Any]:
    items = [
        {"external_source": "resilience", "external_id": f"{tag}-{i}", "name": f"Task {i}"}
        for i in range(count)
    ]
    return {"items": items}


def _refuses_connections(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        try:
            sock.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return True
    return False


async def _bulk_upserts(system: System, projects: list[dict[str, Any]]) -> list[Any]:
    """Every project's 1,000-task upsert at once; SIGTERM once they are all in flight."""
    headers = {"authorization": f"Bearer {system.token}"}
    process = system.processes.processes["projects"]
    async with httpx.AsyncClient(
        base_url=system.url("projects"), headers=headers, timeout=GRACE
    ) as http:
        requests = [
            asyncio.create_task(
                http.post(f"/v1/projects/{p['id']}/tasks:bulk", json=_tasks(1000, p["code"]))
            )
            for p in projects
        ]
        await asyncio.sleep(0.3)  # sent and being worked on (each takes seconds)
        signalled = time.monotonic()
        process.send_signal(signal.SIGTERM)
        refused = await asyncio.to_thread(_wait_refusing, system.processes.ports["projects"])
        still_running = process.poll() is None
        answers = await asyncio.gather(*requests, return_exceptions=True)
        finished = time.monotonic()
    return [answers, refused - signalled, still_running, finished - signalled, signalled]


def _wait_refusing(port: int) -> float:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if _refuses_connections(port):
            return time.monotonic()
        time.sleep(0.02)
    raise AssertionError("the port still takes connections 5 s after SIGTERM")


def test_sigterm_finishes_in_flight_requests_refuses_new_ones_and_exits_0(
    system: System,
) -> None:
    projects = [create_project(system) for _ in range(3)]
    process = system.processes.processes["projects"]
    try:
        answers, refused_after, running_when_refused, done_after, signalled = asyncio.run(
            _bulk_upserts(system, projects)
        )
        code = process.wait(timeout=GRACE + 5)
        exited_after = time.monotonic() - signalled
    finally:
        system.restart("projects")
    assert [getattr(a, "status_code", a) for a in answers] == [200] * len(projects)
    assert all(a.json()["counts"]["created"] == 1000 for a in answers)
    assert running_when_refused, "new connections must be refused while in-flight ones finish"
    # How soon the port closed is bounded by _wait_refusing (5 s, a hang guard) and printed
    # below, not asserted: a loaded machine took 2.03 s once.
    assert done_after > refused_after  # answered after the port closed: finished, not cut
    assert code == 0
    assert exited_after < GRACE
    print(
        f"SIGTERM: port refused after {refused_after:.2f} s, {len(answers)} in-flight bulk "
        f"upserts answered 200 after {done_after:.2f} s, exit 0 after {exited_after:.2f} s"
    )
    log = (system.log_dir / "projects.log").read_text()
    assert '"event": "service_stopped"' in log

    with system.http("projects") as http:  # every acknowledged write is there
        for project in projects:
            page = http.get(f"/v1/projects/{project['id']}/tasks", params={"limit": 1})
            assert page.status_code == 200 and len(page.json()["items"]) == 1
