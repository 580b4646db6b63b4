"""Run a pure computation in a child process bounded in time and memory.

A fresh process per job (spawn: forking a running server with threads and sockets is
unsafe): a hard timeout kills it whatever it is doing (CP-SAT included), RLIMIT_AS caps its
memory so a huge plan fails that job instead of the replica, and a crash takes only the
child down. The child reports progress through a pipe.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

Report = Callable[[float, str], None]
OnProgress = Callable[[float, str], Awaitable[None]]


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


def _child(
    target: Callable[..., Any], args: tuple[Any, ...], pipe: Connection, memory: int
) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    def report(progress: float, message: str) -> None:
        pipe.send(("progress", progress, message))

    try:
        pipe.send(("done", target(*args, report)))
    except MemoryError:
        pipe.send(("failed", "the computation ran out of memory", "out_of_memory"))
    except BaseException as error:
        pipe.send(("raised", error))


async def run_bounded(
    target: Callable[..., Any], args: tuple[Any, ...], limits: Limits, on_progress: OnProgress
) -> Any:
    """``target(*args, report)`` in a child process; its return value, or what it raised
    (re-raised here), or :class:`SandboxFailure`."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(target, args, theirs, limits.memory_bytes))
    process.start()
    theirs.close()
    deadline = time.monotonic() + limits.hard_timeout_seconds
    try:
        while True:
            if time.monotonic() > deadline:
                raise SandboxFailure(
                    f"the computation took longer than {limits.hard_timeout_seconds:g} s",
                    "timeout",
                )
            if not await asyncio.to_thread(ours.poll, 0.1):
                if not process.is_alive() and not ours.poll():
                    raise SandboxFailure(
                        f"the computation's process died (exit code {process.exitcode})",
                        "crashed",
                    )
                continue
            try:
                message = ours.recv()
            except EOFError:
                raise SandboxFailure("the computation's process died", "crashed") from None
            if message[0] == "progress":
                await on_progress(message[1], message[2])
            elif message[0] == "done":
                return message[1]
            elif message[0] == "failed":
                raise SandboxFailure(message[1], message[2])
            else:
                raise message[1]
    finally:
        ours.close()
        if process.is_alive():
            process.kill()
        await asyncio.to_thread(process.join, 5)
