"""Schemathesis against each service, in-process on databases of its own: positive and
negative data for every operation, checked for server errors and for answers that break
the documented contract (status, media type, headers, body schema with formats).

Deterministic (a fixed seed, derandomized generation, no example database or cache) and
bounded (``MAX_EXAMPLES`` per operation in the fuzzing phase, besides the examples and
coverage phases) so ``make test`` stays fast and CI is not flaky. For a deeper hunt, run it
with more examples or another seed::

    PMO_FUZZ_EXAMPLES=200 PMO_FUZZ_SEED=7 pytest tests/contract/test_openapi_fuzz.py -s
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial

import httpx
import pytest

from services.governance.config import GovernanceSettings
from services.governance.main import create_app as create_governance_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.reporting.config import ReportingSettings
from services.reporting.main import create_app as create_reporting_app
from shared.testing.database import run_databases
from tests.contract.fuzzing import FuzzReport, WithUpstream, fuzz, seeded
from tests.contract.seed import seed_governance, seed_projects, seed_reporting

SEED = int(os.environ.get("PMO_FUZZ_SEED", "20251204"))
MAX_EXAMPLES = int(os.environ.get("PMO_FUZZ_EXAMPLES", "40"))


@pytest.fixture(scope="module")
def fuzz_databases(database_server) -> Iterator[dict[str, str]]:
    """Databases of their own: the fuzzer commits what it creates, and the other tests
    count rows in theirs."""
    with run_databases(database_server, "test_fuzz") as urls:
        yield urls


def _passes(report: FuzzReport, service: str) -> None:
    print(report.summary(service))
    print("  never 2xx:", report.unreached())
    assert not report.failures, "\n".join([report.summary(service), *report.failures])


def test_projects_api_keeps_its_contract(fuzz_databases, admin_token: str) -> None:
    app = create_projects_app(ProjectsSettings(database_url=fuzz_databases["projects"]))
    targets = seeded(app, admin_token, seed_projects)
    report = fuzz(app, token=admin_token, targets=targets, max_examples=MAX_EXAMPLES, seed=SEED)
    _passes(report, "projects")


def test_governance_api_keeps_its_contract(fuzz_databases, admin_token: str) -> None:
    """Governance reads the real projects service (in-process, on the fuzz database), so
    a seeded project is evaluated and its compliance read."""
    projects = create_projects_app(ProjectsSettings(database_url=fuzz_databases["projects"]))
    seeded_projects = seeded(projects, admin_token, seed_projects)
    settings = GovernanceSettings(
        database_url=fuzz_databases["governance"], projects_url="http://projects"
    )
    governance = create_governance_app(settings, projects_transport=httpx.ASGITransport(projects))
    app = WithUpstream(governance, projects)
    seed = partial(seed_governance, projects=seeded_projects.keep, projects_app=projects)
    targets = seeded(app, admin_token, seed)
    report = fuzz(app, token=admin_token, targets=targets, max_examples=MAX_EXAMPLES, seed=SEED)
    _passes(report, "governance")


def test_reporting_api_keeps_its_contract(fuzz_databases, admin_token: str) -> None:
    """Reporting reads the real projects and governance services (in-process, on the fuzz
    databases), so a seeded portfolio gets its 200 and an unknown one the 404 projects
    answers, and a seeded project its health and snapshots."""
    projects = create_projects_app(ProjectsSettings(database_url=fuzz_databases["projects"]))
    seeded_projects = seeded(projects, admin_token, seed_projects)
    governance = create_governance_app(
        GovernanceSettings(
            database_url=fuzz_databases["governance"], projects_url="http://projects"
        ),
        projects_transport=httpx.ASGITransport(projects),
    )
    settings = ReportingSettings(
        database_url=fuzz_databases["reporting"],
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
    targets = seeded(app, admin_token, seed_reporting(seeded_projects.keep, seeded_projects.doomed))
    report = fuzz(
        app,
        token=admin_token,
        targets=targets,
        max_examples=MAX_EXAMPLES,
        seed=SEED,
    )
    _passes(report, "reporting")
    assert report.succeeded("GET /v1/portfolios/{portfolio_id}/summary"), "only errors upstream"
    assert report.succeeded("GET /v1/projects/{project_id}/health"), "only errors upstream"
