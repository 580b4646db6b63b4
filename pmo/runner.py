"""Start the three services and the gateway as child processes and wait until ready.

Used by ``pmo up``, the end-to-end tests and the benchmarks, so all three run the system
the same way: real processes, real ports, real HTTP.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.settings import PROJECT_ROOT

SERVICE_ORDER = ("projects", "governance", "reporting", "gateway")
DEFAULT_PORTS = {"gateway": 8000, "projects": 8001, "governance": 8002, "reporting": 8003}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SystemProcesses:
    """The four processes of one running system."""

    ports: dict[str, int]
    host: str = "127.0.0.1"
    # e.g. ["taskset", "-c", "0"]: benchmarks pin the services to one core, the load to another.
    command_prefix: list[str] = field(default_factory=list)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://{self.host}:{self.ports[service]}"

    def start(self, env: Mapping[str, str], log_dir: Path | None = None) -> None:
        for service in SERVICE_ORDER:
            self.start_one(service, env, log_dir)

    def start_one(self, service: str, env: Mapping[str, str], log_dir: Path | None = None) -> None:
        """Start (or start again, after it was stopped) one service on its port."""
        self.processes[service] = _spawn(
            [*self.command_prefix, *_serve_command(service, self.host, self.ports[service])],
            env,
            log_dir / f"{service}.log" if log_dir else None,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        pending = set(SERVICE_ORDER)
        with httpx.Client(timeout=2.0) as http:
            while pending:
                for service in sorted(pending):
                    self._check_alive(service)
                    if _ready(http, self.url(service)):
                        pending.discard(service)
                if pending and time.monotonic() > deadline:
                    raise TimeoutError(
                        f"not ready after {timeout:.0f}s: {', '.join(sorted(pending))}"
                    )
                if pending:
                    time.sleep(0.2)

    def _check_alive(self, service: str) -> None:
        code = self.processes[service].poll()
        if code is not None:
            raise RuntimeError(f"{service} exited with code {code} before it was ready")

    def stop(self, timeout: float = 10.0) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# The local demo and the end-to-end tests deliver webhooks to receivers on this machine:
# loopback targets are allowed there (never in production, where the default is none).
LOOPBACK_WEBHOOK_CIDRS = '["127.0.0.0/8", "::1/128"]'


def system_env(
    database_urls: Mapping[str, str],
    ports: Mapping[str, int],
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Environment that wires the four processes to their databases and to each other."""
    env = dict(base if base is not None else os.environ)
    for service, url in database_urls.items():
        env[f"{service.upper()}_DATABASE_URL"] = url
    upstream = {s: f"http://127.0.0.1:{ports[s]}" for s in ("projects", "governance", "reporting")}
    for service, url in upstream.items():
        env[f"GATEWAY_{service.upper()}_URL"] = url
    env["REPORTING_PROJECTS_URL"] = upstream["projects"]
    env["GOVERNANCE_PROJECTS_URL"] = upstream["projects"]
    env["REPORTING_GOVERNANCE_URL"] = upstream["governance"]
    # Reporting subscribes to the projects service's events with its own callback URL.
    env.setdefault("REPORTING_PUBLIC_URL", upstream["reporting"])
    env.setdefault("PYTHONPATH", str(PROJECT_ROOT))
    return env


def _serve_command(service: str, host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "pmo.cli", "serve", service, "--host", host, "--port", str(port)]


def _spawn(
    command: list[str], env: Mapping[str, str], log_file: Path | None
) -> subprocess.Popen[bytes]:
    output = None
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        output = log_file.open("ab")
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=dict(env),
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )


def _ready(http: httpx.Client, base_url: str) -> bool:
    try:
        return http.get(f"{base_url}/readyz").status_code == 200
    except httpx.HTTPError:
        return False
