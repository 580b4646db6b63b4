"""Schemathesis against each service, in-process on databases of its own: positive and
negative data for every operation, checked for server errors and for answers that break
the documented contract (status, media type, headers, body schema with formats).

Deterministic (a fixed seed, derandomized generation, no example database or cache) and
bounded (``fuzz_services.MAX_EXAMPLES`` per operation in the fuzzing phase, besides the examples and
coverage phases) so ``make test`` stays fast and CI is not flaky. The selected services
are fuzzed side by side, in worker processes (``PMO_FUZZ_WORKERS``, default one per core):
the first test waits for its own run while the others go on. The runs start with the test
session (``fuzz_reports`` in tests/conftest.py) and these tests run last: the rest of the
suite runs while the services are fuzzed. For a deeper hunt, run it with more examples or
another seed::

    PMO_FUZZ_EXAMPLES=200 PMO_FUZZ_SEED=7 pytest tests/contract/test_openapi_fuzz.py -s

The rate limits are off in tests; with them on and low, most answers become the documented
429 (with ``Retry-After`` and ``RateLimit-*``), which checks that contract too::

    PMO_RATE_LIMIT_ENABLED=true PMO_RATE_LIMIT_READS_PER_MINUTE=300 \
      PMO_RATE_LIMIT_WRITES_PER_MINUTE=120 pytest tests/contract/test_openapi_fuzz.py -s

(``MUST_SUCCEED`` may then fail: a refused request never reaches its route.)
"""

from __future__ import annotations

import pytest

from tests.contract.fuzz_services import SETUPS

# Operations that must answer 2xx at least once: reporting's summary reads the projects
# service, so a seeded portfolio must get past the errors upstream.
MUST_SUCCEED = {
    "reporting": [
        "GET /v1/portfolios/{portfolio_id}/summary",
        "GET /v1/projects/{project_id}/health",
    ]
}


@pytest.mark.parametrize("service", list(SETUPS))
def test_service_keeps_its_contract(service: str, fuzz_reports) -> None:
    report = fuzz_reports[service].result()
    print(report.summary(service))
    print("  never 2xx:", report.unreached())
    assert not report.failures, "\n".join([report.summary(service), *report.failures])
    for operation in MUST_SUCCEED.get(service, []):
        assert report.succeeded(operation), f"{operation}: only errors"
