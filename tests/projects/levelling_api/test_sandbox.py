"""The process a job computes in is bounded: killed past its hard timeout, failed when it
exceeds its memory, its crash its own, its errors and progress brought back; whether it is
a fork of the job host (the usual way) or a fresh interpreter (when the host cannot take it).
The host is kept: consecutive jobs fork from the same one, a crashed job leaves it running,
and a host that died is replaced by the next job."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from services.projects.jobs import host_link
from services.projects.jobs.sandbox import (
    Limits,
    SandboxFailure,
    _environment,
    run_bounded,
    run_fresh,
    run_hosted,
)
from tests.projects.levelling_api import limited_host
from tests.projects.levelling_api.sandbox_targets import (
    aborting,
    failing,
    hog,
    sleeper,
    sleeper_telling_its_pid,
    whoami,
)

LIMITS = Limits(30, 2 << 30)


async def _no_progress(progress: float, message: str) -> None:
    del progress, message


async def _hosted(target, args, limits, on_progress):  # type: ignore[no-untyped-def]
    host = host_link.shared_host(_environment())
    assert host is not None
    return await run_hosted(host, target, args, limits, on_progress)


@pytest.fixture(params=["hosted", "fresh"])
def run(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return _hosted if request.param == "hosted" else run_fresh


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


async def test_progress_and_result_come_back(run) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[float, str]] = []

    async def record(progress: float, message: str) -> None:
        seen.append((progress, message))

    assert await run(sleeper, (0,), LIMITS, record) == "woke up"
    assert seen == [(0.5, "half way")]


async def test_a_child_past_its_hard_timeout_is_killed(run) -> None:  # type: ignore[no-untyped-def]
    pids: list[int] = []

    async def record(progress: float, message: str) -> None:
        pids.append(int(message))

    began = time.monotonic()
    with pytest.raises(SandboxFailure) as failure:
        await run(sleeper_telling_its_pid, (60,), Limits(1.5, 2 << 30), record)
    assert failure.value.code == "timeout"
    assert time.monotonic() - began < 30
    assert all(_gone(pid) for pid in pids)
    assert pids or run is run_fresh, "a forked child starts at once, then is killed"


async def test_a_child_over_its_memory_fails_alone(run) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SandboxFailure) as failure:
        await run(hog, (2048,), Limits(30, 1 << 30), _no_progress)
    assert failure.value.code == "out_of_memory"
    assert await run(hog, (16,), Limits(30, 1 << 30), _no_progress) == 16 << 20


async def test_what_the_child_raised_is_raised_here(run) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="no good"):
        await run(failing, ("no good",), LIMITS, _no_progress)


async def test_a_crashed_child_fails_its_job(run) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SandboxFailure, match=r"exit code -6") as failure:
        await run(aborting, (), LIMITS, _no_progress)
    assert failure.value.code == "crashed"


async def test_consecutive_jobs_fork_from_one_host_a_crash_leaves_it_running() -> None:
    first, host = await run_bounded(whoami, (), LIMITS, _no_progress)
    second, same_host = await run_bounded(whoami, (), LIMITS, _no_progress)
    assert host == same_host != os.getpid()
    assert first != second and _gone(first)
    with pytest.raises(SandboxFailure):
        await run_bounded(aborting, (), LIMITS, _no_progress)
    assert (await run_bounded(whoami, (), LIMITS, _no_progress))[1] == host


async def test_the_host_stays_single_threaded_and_reseeds_numpy_in_each_child() -> None:
    from tests.projects.levelling_api.heavy_target import whoami_with_numpy

    first = await run_bounded(whoami_with_numpy, (), LIMITS, _no_progress)
    second = await run_bounded(whoami_with_numpy, (), LIMITS, _no_progress)
    assert first[1] == second[1] and first[2] != second[2]
    assert len(os.listdir(f"/proc/{first[1]}/task")) == 1, "the host forks: one thread only"


async def test_a_dead_host_is_replaced_by_the_next_job() -> None:
    _, host = await run_bounded(whoami, (), LIMITS, _no_progress)
    os.kill(host, signal.SIGKILL)
    assert await run_bounded(sleeper, (0,), LIMITS, _no_progress) == "woke up"
    _, new_host = await run_bounded(whoami, (), LIMITS, _no_progress)
    assert new_host not in (host, os.getpid())


async def test_a_cancelled_job_takes_its_process_down() -> None:
    pids: list[int] = []
    running = asyncio.Event()

    async def record(progress: float, message: str) -> None:
        pids.append(int(message))
        running.set()

    job = asyncio.create_task(run_bounded(sleeper_telling_its_pid, (60,), LIMITS, record))
    await running.wait()
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert _gone(pids[0])


def _processes_of(uid: int) -> int:
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            uids = next(line for line in status.read_text().splitlines() if line[:4] == "Uid:")
            count += int(uids.split()[1]) == uid
    return count


def _host_that_forks_once() -> host_link.JobHost:
    """The real host, in a process whose RLIMIT_NPROC leaves room for one job only (see
    limited_host.py): the kernel refuses its second concurrent fork with EAGAIN."""
    uid = limited_host.NOBODY if os.geteuid() == 0 else os.getuid()
    room = _processes_of(uid) + 2  # the host and its one job
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with theirs:
        command = [sys.executable, "-m", limited_host.__name__, str(theirs.fileno()), str(room)]
        process = subprocess.Popen(
            command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=_environment()
        )
    ours.setblocking(False)
    return host_link.JobHost(process, ours)


async def test_a_host_that_cannot_fork_a_job_keeps_the_jobs_it_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fork the host's kernel refuses (EAGAIN, a real RLIMIT_NPROC, not a stand-in) fails
    that job's start only: it runs in a fresh interpreter, and the host, still usable, is
    kept with the job it runs (replacing it would kill that job)."""
    host = _host_that_forks_once()
    monkeypatch.setattr(host_link, "_HOST", host)
    try:
        started = asyncio.Event()

        async def first_started(progress: float, message: str) -> None:
            started.set()

        first = asyncio.create_task(run_bounded(sleeper, (2,), LIMITS, first_started))
        await asyncio.wait_for(started.wait(), 30)
        _, parent = await run_bounded(whoami, (), LIMITS, _no_progress)
        assert parent == os.getpid()  # a fresh interpreter of ours, not a fork of the host
        assert await first == "woke up"
        assert host_link._HOST is host and host.usable() and host.process.poll() is None
    finally:
        host.close()
