"""A job target in a module that imports what levelling imports (numpy, OR-Tools): the job
host imports it before forking, and must still have one thread only."""

from __future__ import annotations

import os

import numpy
import ortools.sat.python.cp_model  # noqa: F401


def whoami_with_numpy(report) -> tuple[int, int, float]:  # type: ignore[no-untyped-def]
    return os.getpid(), os.getppid(), float(numpy.random.random())
