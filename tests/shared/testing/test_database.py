"""No embedded test PostgreSQL outlives the run that started it, unless asked to be kept.

Two tests run real pytest sessions in a subprocess (the suite's own ``conftest``); the
others run the helper those sessions and the benchmarks use, in this process. All use an
embedded server in a state folder of their own and then look for its postmaster."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.postgres import is_running, start_embedded, stop_embedded
from shared.testing.database import run_database_server

ROOT = Path(__file__).resolve().parents[3]
PROBE = Path(__file__).with_name("probe_session.py")


@pytest.fixture(scope="module")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One folder for the module (initdb runs once); whatever a failing test left running is
    stopped here, so these tests never leave a postmaster behind either."""
    state = tmp_path_factory.mktemp("state")
    yield state
    if is_running(state / "pgdata-test"):
        stop_embedded(state / "pgdata-test")


@pytest.fixture
def pgdata(state_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PMO_TEST_DATABASE_URL", raising=False)
    monkeypatch.delenv("PMO_KEEP_TEST_DATABASE", raising=False)
    return state_dir / "pgdata-test"


def _run(pgdata: Path) -> list[str]:
    """One run's use of the server; returns what it told the user."""
    said: list[str] = []
    with run_database_server(said.append, pgdata=pgdata) as server:
        assert server.pgdata == pgdata and is_running(pgdata)
    return said


def _postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])


def _gone(pid: int) -> bool:
    """The process has exited: no such pid, or a zombie its parent has not reaped yet."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in {"Z", "X"}:
            return True
        time.sleep(0.05)
    return False


def _pytest_session(state_dir: Path, tmp_path: Path, **env: str) -> tuple[str, int]:
    """Runs the probe as a pytest session of its own; its output and the postmaster's pid."""
    pid_file = tmp_path / "postmaster.pid"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    environ.update(PMO_STATE_DIR=str(state_dir), PROBE_PID_FILE=str(pid_file), **env)
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PROBE)]
    done = subprocess.run(args, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, int(pid_file.read_text())


def test_a_test_session_stops_the_server_it_started(
    state_dir: Path, pgdata: Path, tmp_path: Path
) -> None:
    output, pid = _pytest_session(state_dir, tmp_path)
    assert _gone(pid)
    assert not is_running(pgdata)
    assert "[pmo]" not in output  # nothing was kept, so nothing to say


def test_the_keep_variable_keeps_it_and_says_so_and_a_later_run_stops_it(
    state_dir: Path, pgdata: Path, tmp_path: Path
) -> None:
    output, pid = _pytest_session(state_dir, tmp_path, PMO_KEEP_TEST_DATABASE="1")
    kept = f"[pmo] test PostgreSQL left running (PMO_KEEP_TEST_DATABASE=1) in {pgdata}; "
    assert [line for line in output.splitlines() if "[pmo]" in line] == [
        kept + "the next run without it stops it"
    ]
    assert is_running(pgdata) and _postmaster_pid(pgdata) == pid
    assert _run(pgdata) == []
    assert _gone(pid)


def test_the_server_outlives_a_run_only_while_another_run_uses_it(pgdata: Path) -> None:
    # Another run holds its share of the server, as a benchmark's parent does for its child
    # scripts, or a second pytest beside this one.
    with pgdata.with_name("pgdata-test.lock").open("a") as other_run:
        fcntl.flock(other_run, fcntl.LOCK_SH)
        assert _run(pgdata) == []
        assert is_running(pgdata)
        pid = _postmaster_pid(pgdata)
    assert _run(pgdata) == []  # the last run out stops it
    assert _gone(pid)


def test_a_server_started_outside_the_test_kit_is_left_running(pgdata: Path) -> None:
    _run(pgdata)  # the lock file exists: a running server is no longer taken for the kit's
    start_embedded(pgdata)
    try:
        assert _run(pgdata) == [
            f"[pmo] test PostgreSQL in {pgdata} was not started by a test run: left running"
        ]
        assert is_running(pgdata)
    finally:
        stop_embedded(pgdata)


def test_a_server_the_kit_left_running_before_the_lock_existed_is_stopped(
    pgdata: Path,
) -> None:
    start_embedded(pgdata)
    pid = _postmaster_pid(pgdata)
    pgdata.with_name("pgdata-test.lock").unlink(missing_ok=True)
    pgdata.with_name("pgdata-test.managed").unlink(missing_ok=True)
    assert _run(pgdata) == []
    assert _gone(pid)
