"""One schemathesis run per service, each in a worker process of its own.

A run is CPU-bound Python in one process: Hypothesis and schemathesis' strategies
generating cases hold the GIL for about half of it (two thirds of the fuzzing phase), the
in-process app and the ASGI transport for most of the rest, PostgreSQL takes little. One
process cannot use a second core, so separate processes fuzz the services side by side
(a run is as long alone as beside another, given a core each). Each run gets
databases of its own (the projects database its upstream reads included): a run never sees
rows another one creates, deletes or reaches through ids it captured from a response, so it
finds the same things whether the others run beside it or not."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import httpx
from starlette.types import ASGIApp

from services.governance.config import GovernanceSettings
from services.governance.main import create_app as create_governance_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.reporting.config import ReportingSettings
from services.reporting.main import create_app as create_reporting_app
from shared.postgres import DatabaseServer
from shared.testing.database import run_databases
from tests.contract.fuzzing import FuzzReport, Targets, WithUpstream, fuzz, seeded
from tests.contract.seed import seed_governance, seed_projects, seed_reporting


@dataclass(frozen=True)
class FuzzRun:
    """What a worker process needs (all of it picklable)."""

    service: str
    server: DatabaseServer
    token: str
    max_examples: int
    seed: int


# Generation allocates heavily (Hypothesis' choice trees, strategies built per draw): with
# the default thresholds the projects run spent 4.5-5.1 s of ~55 s collecting garbage (39
# full collections); with these, 2.7-3.2 s (2 full collections). Only in the workers.
GC_THRESHOLDS = (20_000, 20, 20)

Setup = Callable[[dict[str, str], str], tuple[ASGIApp, Targets]]


# The fuzz checks the HTTP contract; jobs it queues stay queued (each would start a child
# interpreter for its solve, seconds of CPU per example). tests/projects/levelling_api runs them.


def _projects(urls: dict[str, str], token: str) -> tuple[ASGIApp, Targets]:
    app = create_projects_app(ProjectsSettings(database_url=urls["projects"], jobs_worker=False))
    return app, seeded(app, token, seed_projects)


def _governance(urls: dict[str, str], token: str) -> tuple[ASGIApp, Targets]:
    """Governance reads the real projects service (in-process, on the run's own projects
    database), so a seeded project is evaluated and its compliance read."""
    projects = create_projects_app(
        ProjectsSettings(database_url=urls["projects"], jobs_worker=False)
    )
    seeded_projects = seeded(projects, token, seed_projects)
    settings = GovernanceSettings(database_url=urls["governance"], projects_url="http://projects")
    governance = create_governance_app(settings, projects_transport=httpx.ASGITransport(projects))
    app = WithUpstream(governance, projects)
    seed = partial(seed_governance, projects=seeded_projects.keep, projects_app=projects)
    return app, seeded(app, token, seed)


def _reporting(urls: dict[str, str], token: str) -> tuple[ASGIApp, Targets]:
    """Reporting reads the real projects and governance services (in-process, on the run's
    own databases), so a seeded portfolio gets its 200 and an unknown one the 404 projects
    answers, and a seeded project its health, snapshots, charts and report."""
    projects = create_projects_app(
        ProjectsSettings(database_url=urls["projects"], jobs_worker=False)
    )
    seeded_projects = seeded(projects, token, seed_projects)
    governance = create_governance_app(
        GovernanceSettings(database_url=urls["governance"], projects_url="http://projects"),
        projects_transport=httpx.ASGITransport(projects),
    )
    settings = ReportingSettings(
        database_url=urls["reporting"],
        projects_url="http://projects",
        governance_url="http://governance",
        snapshot_scheduler_enabled=False,
    )
    reporting = create_reporting_app(
        settings,
        projects_transport=httpx.ASGITransport(projects),
        governance_transport=httpx.ASGITransport(governance),
    )
    app = WithUpstream(reporting, WithUpstream(governance, projects))
    seed = seed_reporting(seeded_projects.keep, seeded_projects.doomed)
    return app, seeded(app, token, seed)


# Longest run first: a worker freed early takes the next one.
SETUPS: dict[str, Setup] = {
    "projects": _projects,
    "governance": _governance,
    "reporting": _reporting,
}


def fuzz_service(run: FuzzRun) -> FuzzReport:
    """The whole run of one service (in a worker process): databases, seed rows, fuzzing."""
    gc.set_threshold(*GC_THRESHOLDS)
    with run_databases(run.server, f"test_fuzz_{run.service}") as urls:
        app, targets = SETUPS[run.service](urls, run.token)
        return fuzz(
            app, token=run.token, targets=targets, max_examples=run.max_examples, seed=run.seed
        )


@contextmanager
def fuzzing_in_parallel(
    runs: list[FuzzRun], workers: int
) -> Iterator[dict[str, Future[FuzzReport]]]:
    """Starts every run at once on ``workers`` processes; service -> its report to come.
    Spawned, not forked: the test process has threads and open connections. Not niced:
    on a machine loaded by other work, niced workers starved (12% of a core each) and the
    session then waited for them at its end."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {run.service: pool.submit(fuzz_service, run) for run in runs}
        try:
            yield futures
        finally:
            for future in futures.values():
                future.cancel()


def default_workers(runs: int) -> int:
    return max(1, min(runs, os.cpu_count() or 1))


SEED = int(os.environ.get("PMO_FUZZ_SEED", "20251204"))
# Per operation in the fuzzing phase. 25 runs 22,844 examples over the three services in
# 163 s of CPU; 40 ran 26,721 in 228 s, a third of the suite's CPU on a 2-core machine. A
# deeper hunt sets PMO_FUZZ_EXAMPLES (the module docstring of test_openapi_fuzz.py).
MAX_EXAMPLES = int(os.environ.get("PMO_FUZZ_EXAMPLES", "25"))
WORKERS = int(os.environ.get("PMO_FUZZ_WORKERS", "0"))


@contextmanager
def fuzzing(
    services: list[str], server: DatabaseServer, token: str
) -> Iterator[dict[str, Future[FuzzReport]]]:
    """The run of each of ``services`` (in :data:`SETUPS` order), all started at once. Each
    creates and drops databases of its own: the fuzzer commits what it creates, and the
    other tests count rows in theirs."""
    ordered = [service for service in SETUPS if service in services]
    runs = [FuzzRun(service, server, token, MAX_EXAMPLES, SEED) for service in ordered]
    with fuzzing_in_parallel(runs, WORKERS or default_workers(len(runs))) as reports:
        yield reports
