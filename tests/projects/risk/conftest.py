"""Fixtures of the schedule risk analysis tests (pure: no database)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.projects.engine import ScheduleInput
from services.projects.risk import SimulationInput


@pytest.fixture
def make_input() -> Callable[..., SimulationInput]:
    def _make(schedule: ScheduleInput, estimates: Any = None, **options: Any) -> SimulationInput:
        options.setdefault("convergence", None)
        return SimulationInput(schedule, estimates or {}, **options)

    return _make
