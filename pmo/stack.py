"""``pmo up``: the whole system on one machine, from an empty state folder to a ready
gateway, and a clean stop on Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from pmo.runner import LOOPBACK_WEBHOOK_CIDRS, SystemProcesses, system_env
from shared.migrate import SERVICES_WITH_DATABASES, upgrade
from shared.postgres import DatabaseServer, ensure_databases, start_embedded, stop_embedded
from shared.settings import load_or_create_dev_secret, platform_settings

DATABASE_PREFIX = "pmo"


def _say(message: str) -> None:
    print(f"[pmo] {message}", flush=True)


def embedded_pgdata() -> Path:
    return platform_settings().state_dir / "pgdata"


def configured_urls() -> dict[str, str]:
    return {
        s: os.environ[f"{s.upper()}_DATABASE_URL"]
        for s in SERVICES_WITH_DATABASES
        if os.environ.get(f"{s.upper()}_DATABASE_URL")
    }


def database_urls(*, start_embedded_if_needed: bool) -> dict[str, str]:
    """Per-service URLs: each ``*_DATABASE_URL`` if set; else databases on the server in
    ``PMO_DATABASE_URL``; else on the embedded server (created if missing)."""
    urls = configured_urls()
    if len(urls) == len(SERVICES_WITH_DATABASES):
        return urls
    server_url = os.environ.get("PMO_DATABASE_URL")
    if server_url:
        server = DatabaseServer(url=server_url)
    elif start_embedded_if_needed:
        server = start_embedded(embedded_pgdata())
    else:
        raise RuntimeError("set PMO_DATABASE_URL or each *_DATABASE_URL")
    wanted = server.service_urls(DATABASE_PREFIX)
    missing = [f"{DATABASE_PREFIX}_{s}" for s in wanted if s not in urls]
    asyncio.run(ensure_databases(server, missing))
    return {**wanted, **urls}


def migrate_all(urls: dict[str, str]) -> None:
    for service in SERVICES_WITH_DATABASES:
        upgrade(service, urls[service])


def run_stack(
    *, host: str, gateway_port: int, seed: bool, token_factory: Callable[[], str]
) -> None:
    started = time.monotonic()
    settings = platform_settings()
    load_or_create_dev_secret(settings.state_dir)
    embedded = not os.environ.get("PMO_DATABASE_URL") and not configured_urls()
    _say("starting PostgreSQL (embedded)" if embedded else "using the configured PostgreSQL")
    urls = database_urls(start_embedded_if_needed=True)
    _say("running migrations")
    migrate_all(urls)
    ports = {
        "gateway": gateway_port,
        "projects": gateway_port + 1,
        "governance": gateway_port + 2,
        "reporting": gateway_port + 3,
    }
    system = SystemProcesses(ports=ports, host=host)
    env = system_env(urls, ports)
    env.setdefault("PMO_LOG_JSON", "false")
    env.setdefault("PMO_WEBHOOKS_ALLOWED_CIDRS", LOOPBACK_WEBHOOK_CIDRS)
    _say("starting projects, governance, reporting and the gateway")
    system.start(env, log_dir=settings.state_dir / "logs")
    try:
        system.wait_ready(timeout=180)  # a loaded machine imports slowly
        if seed:
            _seed(system, token_factory())
        _print_banner(system, token_factory(), time.monotonic() - started, settings.state_dir)
        _wait_for_interrupt()
    finally:
        _say("stopping")
        system.stop()
        if embedded:
            stop_embedded(embedded_pgdata())
        _say("stopped")


def _seed(system: SystemProcesses, token: str) -> None:
    from pmo.seed import seed_demo

    loaded = asyncio.run(
        seed_demo(
            system.url("projects"),
            system.url("governance"),
            token,
            reporting_url=system.url("reporting"),
            say=_say,
        )
    )
    _say("demo portfolio loaded" if loaded else "existing data kept (demo not reloaded)")


def _print_banner(system: SystemProcesses, token: str, seconds: float, state_dir: Path) -> None:
    lines = [
        f"ready in {seconds:.1f}s",
        f"GraphQL     {system.url('gateway')}/graphql",
        f"projects    {system.url('projects')}/docs",
        f"governance  {system.url('governance')}/docs",
        f"reporting   {system.url('reporting')}/docs",
        f"logs        {state_dir / 'logs'}",
        "development token (admin, 12 h):",
        token,
        "Ctrl-C stops everything.",
    ]
    for line in lines:
        _say(line)


def _wait_for_interrupt() -> None:
    stop = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stop:
        time.sleep(0.5)
