"""Run a pure computation in a child process bounded in time and memory.

Never a fork of the running server (forking a process with threads and open sockets is
unsafe, and multiprocessing's spawn and forkserver children re-import the server's main
module, which costs seconds). A job runs in a fork of this process' job host (``host.py``:
a fresh interpreter that keeps the heavy modules imported), or, if the host cannot take it,
in a fresh interpreter of its own (``python -m services.projects.jobs.child``). Either way a
hard timeout kills the job's process whatever it is doing (CP-SAT included), RLIMIT_AS caps
its memory so a huge plan fails that job instead of the replica, and a crash takes only that
process down. The process reports progress on its channel.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog

from services.projects.jobs import host_link
from services.projects.jobs.host_link import HostUnavailable, JobHost

OnProgress = Callable[[float, str], Awaitable[None]]
PROJECT_ROOT = Path(__file__).resolve().parents[3]
log = structlog.get_logger("pmo.projects.jobs")


@dataclass(frozen=True)
class Limits:
    hard_timeout_seconds: float
    memory_bytes: int


class SandboxFailure(Exception):
    """The child was killed (timeout), ran out of memory or crashed; ``code`` says which."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


async def _frames(
    channel: asyncio.StreamReader, exit_code: Callable[[], Awaitable[int | None]]
) -> AsyncIterator[Any]:
    """The child's messages, one at a time."""
    while True:
        try:
            size = int.from_bytes(await channel.readexactly(8), "big")
            yield pickle.loads(await channel.readexactly(size))
        except asyncio.IncompleteReadError:
            code = await exit_code()
            raise SandboxFailure(
                f"the computation's process died (exit code {code})", "crashed"
            ) from None


async def _converse(frames: AsyncIterator[Any], on_progress: OnProgress) -> Any:
    async for message in frames:
        if message[0] == "progress":
            await on_progress(message[1], message[2])
        elif message[0] == "done":
            return message[1]
        elif message[0] == "failed":
            raise SandboxFailure(message[1], message[2])
        else:
            raise message[1]


def _timed_out(limits: Limits) -> SandboxFailure:
    return SandboxFailure(
        f"the computation took longer than {limits.hard_timeout_seconds:g} s", "timeout"
    )


async def run_bounded(
    target: Callable[..., Any], args: tuple[Any, ...], limits: Limits, on_progress: OnProgress
) -> Any:
    """``target(*args, report)`` in a child process (``target`` importable by name); its
    return value, or what it raised (re-raised here), or :class:`SandboxFailure`."""
    host = host_link.shared_host(_environment())
    if host is not None:
        try:
            return await run_hosted(host, target, args, limits, on_progress)
        except HostUnavailable:
            log.warning("job_host_unavailable", exc_info=True)
            # Only a dead host is replaced: one that could not fork this job (EAGAIN, say)
            # still runs the others, which would die with it.
            if not host.usable():
                host_link.forget(host)
    return await run_fresh(target, args, limits, on_progress)


async def run_hosted(
    host: JobHost,
    target: Callable[..., Any],
    args: tuple[Any, ...],
    limits: Limits,
    on_progress: OnProgress,
) -> Any:
    """:func:`run_bounded` in a fork of ``host``; :class:`HostUnavailable` if the host died
    before the job started (nothing ran: the caller may run it elsewhere)."""
    ours, theirs = socket.socketpair()
    try:
        with theirs:
            job = host.submit(target.__module__, limits.memory_bytes, theirs)
    except HostUnavailable:
        ours.close()
        raise
    try:
        channel, writer = await asyncio.open_unix_connection(sock=ours)
    except BaseException:
        ours.close()
        await host.reap(job)
        raise
    try:
        async with asyncio.timeout(limits.hard_timeout_seconds):
            await job.started
            writer.write(pickle.dumps((target, args)))
            writer.write_eof()
            return await _converse(_frames(channel, lambda: job.exited), on_progress)
    except TimeoutError:
        raise _timed_out(limits) from None
    finally:
        writer.close()
        await host.reap(job)


async def run_fresh(
    target: Callable[..., Any], args: tuple[Any, ...], limits: Limits, on_progress: OnProgress
) -> Any:
    """:func:`run_bounded` in a fresh interpreter of its own."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services.projects.jobs.child",
        str(limits.memory_bytes),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=_environment(),
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(pickle.dumps((target, args)))
        await process.stdin.drain()
        process.stdin.close()
        async with asyncio.timeout(limits.hard_timeout_seconds):
            return await _converse(_frames(process.stdout, process.wait), on_progress)
    except TimeoutError:
        raise _timed_out(limits) from None
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
