"""Schemathesis against each service, in-process on databases of its own: positive and
negative data for every operation, checked for server errors and for answers that break
the documented contract (status, media type, headers, body schema with formats).

Deterministic (a fixed seed, derandomized generation, no example database or cache) and
bounded (``MAX_EXAMPLES`` per operation in the fuzzing phase, besides the examples and
coverage phases) so ``make test`` stays fast and CI is not flaky. The selected services
are fuzzed side by side, in worker processes (``PMO_FUZZ_WORKERS``, default one per core):
the first test waits for its own run while the others go on. For a deeper hunt, run it
with more examples or another seed::

    PMO_FUZZ_EXAMPLES=200 PMO_FUZZ_SEED=7 pytest tests/contract/test_openapi_fuzz.py -s
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future

import pytest

from tests.contract.fuzz_services import SETUPS, FuzzRun, default_workers, fuzzing_in_parallel
from tests.contract.fuzzing import FuzzReport

SEED = int(os.environ.get("PMO_FUZZ_SEED", "20251204"))
MAX_EXAMPLES = int(os.environ.get("PMO_FUZZ_EXAMPLES", "40"))
WORKERS = int(os.environ.get("PMO_FUZZ_WORKERS", "0"))
# Operations that must answer 2xx at least once: reporting's summary reads the projects
# service, so a seeded portfolio must get past the errors upstream.
MUST_SUCCEED = {
    "reporting": [
        "GET /v1/portfolios/{portfolio_id}/summary",
        "GET /v1/projects/{project_id}/health",
    ]
}


@pytest.fixture(scope="module")
def fuzz_reports(
    request: pytest.FixtureRequest, database_server, admin_token: str
) -> Iterator[dict[str, Future[FuzzReport]]]:
    """The run of every selected service, all started at once. Each creates and drops
    databases of its own: the fuzzer commits what it creates, and the other tests count
    rows in theirs."""
    services = _selected(request.session)
    runs = [
        FuzzRun(service, database_server, admin_token, MAX_EXAMPLES, SEED) for service in services
    ]
    with fuzzing_in_parallel(runs, WORKERS or default_workers(len(runs))) as reports:
        yield reports


def _selected(session: pytest.Session) -> list[str]:
    chosen = {
        item.callspec.params["service"]
        for item in session.items
        if isinstance(item, pytest.Function)
        and item.originalname == test_service_keeps_its_contract.__name__
    }
    return [service for service in SETUPS if service in chosen]


@pytest.mark.parametrize("service", list(SETUPS))
def test_service_keeps_its_contract(service: str, fuzz_reports) -> None:
    report = fuzz_reports[service].result()
    print(report.summary(service))
    print("  never 2xx:", report.unreached())
    assert not report.failures, "\n".join([report.summary(service), *report.failures])
    for operation in MUST_SUCCEED.get(service, []):
        assert report.succeeded(operation), f"{operation}: only errors"
