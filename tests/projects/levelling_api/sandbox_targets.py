"""What the sandbox tests compute in a job's process: a module that imports little, so a
fresh interpreter (or the job host) that unpickles these functions starts fast."""

from __future__ import annotations

import os
import time


def sleeper(seconds: float, report) -> str:  # type: ignore[no-untyped-def]
    report(0.5, "half way")
    time.sleep(seconds)
    return "woke up"


def sleeper_telling_its_pid(seconds: float, report) -> str:  # type: ignore[no-untyped-def]
    report(0.1, str(os.getpid()))
    time.sleep(seconds)
    return "woke up"


def hog(megabytes: int, report) -> int:  # type: ignore[no-untyped-def]
    return len(bytearray(megabytes * 1024 * 1024))


def failing(message: str, report) -> None:  # type: ignore[no-untyped-def]
    raise ValueError(message)


def aborting(report) -> None:  # type: ignore[no-untyped-def]
    os.abort()


def whoami(report) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return os.getpid(), os.getppid()
