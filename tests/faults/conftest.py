"""The fault tests' figures, printed in the run's terminal summary (``make test`` shows
them without ``-s``): each test files its lines under a heading."""

from __future__ import annotations

import pytest

FIGURES = pytest.StashKey[dict[str, list[str]]]()


@pytest.fixture(scope="session")
def figures(request: pytest.FixtureRequest) -> dict[str, list[str]]:
    """heading -> lines, shown at the end of the run."""
    return request.config.stash.setdefault(FIGURES, {})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    found = terminalreporter.config.stash.get(FIGURES, {})
    if not found:
        return
    terminalreporter.section("fault tests: figures")
    for heading, lines in found.items():
        terminalreporter.write_line(heading)
        for line in lines:
            terminalreporter.write_line(f"  {line}")
