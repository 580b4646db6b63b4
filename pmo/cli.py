"""``pmo``: run, migrate, seed and mint tokens for PMO Service."""

from __future__ import annotations

import asyncio
import os
import signal
from enum import StrEnum
from types import FrameType
from typing import Annotated

import typer

from shared.settings import platform_settings

app = typer.Typer(help="PMO Service command line.", no_args_is_help=True, add_completion=False)


class Service(StrEnum):
    projects = "projects"
    governance = "governance"
    reporting = "reporting"
    gateway = "gateway"


class Role(StrEnum):
    admin = "admin"
    pmo = "pmo"
    executive = "executive"
    member = "member"


@app.command()
def serve(
    service: Annotated[Service, typer.Argument(help="Which service to run")],
    host: str = "0.0.0.0",
    port: Annotated[
        int | None, typer.Option(help="Default: 8000 gateway, 8001-8003 services")
    ] = None,
    workers: int = 1,
) -> None:
    """Run one service (the container entry point). On SIGTERM it stops accepting
    connections, lets in-flight requests finish (up to PMO_SHUTDOWN_GRACE_SECONDS), runs the
    lifespan shutdown and exits 0."""
    import uvicorn

    from pmo.runner import DEFAULT_PORTS

    # uvicorn raises the SIGTERM it caught again once its graceful shutdown is done, which
    # the default handler turns into death by signal: a handler of our own makes it exit 0.
    signal.signal(signal.SIGTERM, _stopped)
    uvicorn.run(
        f"services.{service.value}.main:create_app",
        factory=True,
        host=host,
        port=port or DEFAULT_PORTS[service.value],
        workers=workers,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
        proxy_headers=True,
        timeout_graceful_shutdown=platform_settings().shutdown_grace_seconds,
    )


def _stopped(signum: int, frame: FrameType | None) -> None:
    """SIGTERM after uvicorn's graceful shutdown: nothing left to do."""


@app.command()
def worker() -> None:
    """Run only the job queue's consumer (levelling runs) against the projects database:
    a replica of the projects service with ``PROJECTS_JOBS_WORKER=false`` leaves its jobs
    to processes like this one. Stops on SIGINT/SIGTERM, letting running jobs finish."""
    from pmo.job_worker import run_worker

    asyncio.run(run_worker())


@app.command()
def migrate() -> None:
    """Run every service's migrations (URLs from *_DATABASE_URL, else the embedded server)."""
    from pmo.stack import database_urls, migrate_all

    urls = database_urls(start_embedded_if_needed=True)
    migrate_all(urls)
    typer.echo("migrations at head: " + ", ".join(urls))


@app.command()
def token(
    role: Annotated[list[Role], typer.Option(help="Global role (repeatable)")] = [Role.admin],  # noqa: B006
    sub: Annotated[str, typer.Option(help="Subject (user id)")] = "dev-admin",
    ttl_hours: int = 12,
    integration: Annotated[
        str | None, typer.Option(help="Mint a service token for this integrating system")
    ] = None,
    scope: Annotated[str, typer.Option(help="Its scopes, space-separated")] = "projects:read",
    project: Annotated[list[str], typer.Option(help="A project it may touch (repeatable)")] = [],  # noqa: B006
    portfolio: Annotated[
        list[str], typer.Option(help="A portfolio it may touch (repeatable)")
    ] = [],  # noqa: B006
) -> None:
    """Mint a development token signed with the local secret (a user's, or with
    --integration a scoped service token: see shared/scopes.py)."""
    from shared.auth import mint_integration_token, mint_token
    from shared.settings import AuthSettings, resolve_jwt_secret

    secret = resolve_jwt_secret(AuthSettings(), platform_settings())
    if secret is None:
        raise typer.BadParameter("production verifies OIDC tokens; mint them at your provider")
    if integration is None:
        roles = [r.value for r in role]
        typer.echo(mint_token(secret, subject=sub, roles=roles, ttl_seconds=ttl_hours * 3600))
        return
    try:
        minted = mint_integration_token(
            secret,
            name=integration,
            scope=scope,
            project_ids=project,
            portfolio_ids=portfolio,
            ttl_seconds=ttl_hours * 3600,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(minted)


@app.command()
def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Load the demo portfolio")] = False,
    projects_url: str = "http://127.0.0.1:8001",
    governance_url: str = "http://127.0.0.1:8002",
    reporting_url: str = "http://127.0.0.1:8003",
) -> None:
    """Load demo data through the services' APIs (idempotent: safe to repeat)."""
    from pmo.seed import seed_demo

    if not demo:
        raise typer.BadParameter("say --demo to load the demo portfolio")
    loaded = asyncio.run(
        seed_demo(projects_url, governance_url, _admin_token(), reporting_url=reporting_url)
    )
    typer.echo("demo data loaded" if loaded else "demo data already present")


@app.command()
def up(
    host: str = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Gateway port; services use the next three")] = 8000,
    seed_demo: Annotated[bool, typer.Option(help="Load demo data into empty databases")] = True,
) -> None:
    """Run the whole system: database, migrations, services, gateway, demo data."""
    from pmo.stack import run_stack

    run_stack(host=host, gateway_port=port, seed=seed_demo, token_factory=_admin_token)


@app.command()
def schema(
    check: Annotated[
        bool, typer.Option(help="Fail on a breaking change instead of writing the SDL")
    ] = False,
) -> None:
    """Write the gateway's SDL (services/gateway/schema.graphql), or check its history."""
    from pmo import schema_guard

    if not check:
        changed = schema_guard.write_sdl()
        typer.echo(f"{schema_guard.SDL_PATH.name} {'written' if changed else 'up to date'}")
        return
    found = schema_guard.check()
    for line in found:
        typer.echo(line, err=True)
    if found:
        typer.echo(schema_guard.HOW_TO_ACCEPT, err=True)
        raise typer.Exit(1)
    typer.echo("no unlisted breaking change in the gateway's schema")


def _admin_token() -> str:
    from shared.auth import mint_token
    from shared.settings import AuthSettings, resolve_jwt_secret

    secret = resolve_jwt_secret(AuthSettings(), platform_settings())
    assert secret is not None
    return mint_token(secret, subject="dev-admin", roles=["admin"], ttl_seconds=12 * 3600)


def main() -> None:
    os.environ.setdefault("PMO_ENVIRONMENT", "development")
    app()


if __name__ == "__main__":
    main()
