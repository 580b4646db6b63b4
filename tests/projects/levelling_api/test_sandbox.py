"""The child process a job computes in is bounded: killed past its hard timeout, failed when
it exceeds its memory, its errors and progress brought back."""

from __future__ import annotations

import time

import pytest

from services.projects.jobs.sandbox import Limits, SandboxFailure, run_bounded


def sleeper(seconds: float, report) -> str:  # type: ignore[no-untyped-def]
    report(0.5, "half way")
    time.sleep(seconds)
    return "woke up"


def hog(megabytes: int, report) -> int:  # type: ignore[no-untyped-def]
    return len(bytearray(megabytes * 1024 * 1024))


def failing(message: str, report) -> None:  # type: ignore[no-untyped-def]
    raise ValueError(message)


async def _no_progress(progress: float, message: str) -> None:
    del progress, message


async def test_progress_and_result_come_back() -> None:
    seen: list[tuple[float, str]] = []

    async def record(progress: float, message: str) -> None:
        seen.append((progress, message))

    assert await run_bounded(sleeper, (0,), Limits(30, 2 << 30), record) == "woke up"
    assert seen == [(0.5, "half way")]


async def test_a_child_past_its_hard_timeout_is_killed() -> None:
    began = time.monotonic()
    with pytest.raises(SandboxFailure) as failure:
        await run_bounded(sleeper, (60,), Limits(1.5, 2 << 30), _no_progress)
    assert failure.value.code == "timeout"
    assert time.monotonic() - began < 30


async def test_a_child_over_its_memory_fails_alone() -> None:
    with pytest.raises(SandboxFailure) as failure:
        await run_bounded(hog, (2048,), Limits(30, 1 << 30), _no_progress)
    assert failure.value.code == "out_of_memory"


async def test_what_the_child_raised_is_raised_here() -> None:
    with pytest.raises(ValueError, match="no good"):
        await run_bounded(failing, ("no good",), Limits(30, 2 << 30), _no_progress)
