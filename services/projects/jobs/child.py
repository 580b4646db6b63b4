"""The child process of a job: ``python -m services.projects.jobs.child MEMORY_BYTES``.

Reads ``(target, args)`` pickled on stdin, caps its address space, calls
``target(*args, report)`` and writes length-prefixed pickled frames on stdout: progress
reports, then the result or what it raised. Anything the computation prints goes to stderr
(stdout is the channel). The job host's forked children (``host.py``) run the same
:func:`run_job` on a socket instead.
"""

from __future__ import annotations

import os
import pickle
import resource
import sys
from typing import Any, BinaryIO


def _sender(channel: BinaryIO) -> Any:
    def send(message: tuple[Any, ...]) -> None:
        data = pickle.dumps(message)
        channel.write(len(data).to_bytes(8, "big") + data)
        channel.flush()

    return send


def run_job(source: BinaryIO, channel: BinaryIO, memory: int) -> None:
    """Cap the address space at ``memory`` bytes, read the job from ``source``, run it and
    answer on ``channel``."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    send = _sender(channel)
    try:
        target, args = pickle.load(source)
        send(("done", target(*args, lambda progress, note: send(("progress", progress, note)))))
    except MemoryError:
        send(("failed", "the computation ran out of memory", "out_of_memory"))
    except Exception as error:
        try:
            send(("raised", error))
        except Exception:
            send(("failed", f"{type(error).__name__}: {error}", "crashed"))


def main() -> None:
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    run_job(sys.stdin.buffer, channel, int(sys.argv[1]))


if __name__ == "__main__":
    main()
