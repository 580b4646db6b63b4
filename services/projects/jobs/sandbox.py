"""Run a pure computation in a child process bounded in time and memory.

A fresh interpreter per job (``python -m services.projects.jobs.child``), never a fork of
the running server (forking a process with threads and open sockets is unsafe, and
multiprocessing's spawn and forkserver children re-import the server's main module, which
costs seconds): a hard timeout kills it whatever it is doing (CP-SAT included), RLIMIT_AS
caps its memory so a huge plan fails that job instead of the replica, and a crash takes
only the child down. The child reports progress on its stdout.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OnProgress = Callable[[float, str], Awaitable[None]]
PROJECT_ROOT = Path(__file__).resolve().parents[3]


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


async def _frames(process: asyncio.subprocess.Process) -> Any:
    """The child's messages, one at a time."""
    assert process.stdout is not None
    while True:
        try:
            size = int.from_bytes(await process.stdout.readexactly(8), "big")
            yield pickle.loads(await process.stdout.readexactly(size))
        except asyncio.IncompleteReadError:
            code = await process.wait()
            raise SandboxFailure(
                f"the computation's process died (exit code {code})", "crashed"
            ) from None


async def _converse(process: asyncio.subprocess.Process, on_progress: OnProgress) -> Any:
    async for message in _frames(process):
        if message[0] == "progress":
            await on_progress(message[1], message[2])
        elif message[0] == "done":
            return message[1]
        elif message[0] == "failed":
            raise SandboxFailure(message[1], message[2])
        else:
            raise message[1]


async def run_bounded(
    target: Callable[..., Any], args: tuple[Any, ...], limits: Limits, on_progress: OnProgress
) -> Any:
    """``target(*args, report)`` in a child process (``target`` importable by name); its
    return value, or what it raised (re-raised here), or :class:`SandboxFailure`."""
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
        assert process.stdin is not None
        process.stdin.write(pickle.dumps((target, args)))
        await process.stdin.drain()
        process.stdin.close()
        async with asyncio.timeout(limits.hard_timeout_seconds):
            return await _converse(process, on_progress)
    except TimeoutError:
        raise SandboxFailure(
            f"the computation took longer than {limits.hard_timeout_seconds:g} s", "timeout"
        ) from None
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
