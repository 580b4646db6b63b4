"""Fixed durations give a zero-width forecast equal to the engine's own CPM: the passes are the
engine's rules, vectorised (issue 12 acceptance)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pytest

from services.projects.engine import (
    ConstraintType,
    LinkInput,
    LinkType,
    ScheduleInput,
    TaskInput,
    WorkCalendar,
    schedule,
)
from services.projects.risk import Distribution, SimulationInput, simulate
from services.projects.risk.network import build_network
from services.projects.risk.passes import run_passes
from tests.projects.risk.plans import MONDAY, plan, random_plan


def _assert_matches_engine(
    schedule_input: ScheduleInput, make_input: Callable[..., SimulationInput]
) -> None:
    engine = schedule(schedule_input)
    result = simulate(make_input(schedule_input, iterations=50, chunk_size=20))
    assert result.deterministic_finish == engine.project_finish
    for p in result.percentiles:
        assert p.date == engine.project_finish
    assert result.std_days == 0
    leaves = {k: t for k, t in engine.tasks.items() if not t.is_summary}
    assert set(result.criticality) == set(leaves)
    for task_id, task in leaves.items():
        assert result.criticality[task_id] == (1.0 if task.critical else 0.0), task_id
    assert set(result.deterministic_critical) == {k for k, t in leaves.items() if t.critical}
    cal = schedule_input.calendar
    for milestone in result.milestones:
        task = engine.tasks[milestone.task_id]
        assert {cal.to_point(p.date) for p in milestone.percentiles} == {cal.to_point(task.finish)}


def test_every_task_date_equals_the_engine_on_a_random_network() -> None:
    inp = random_plan(400, seed=11)
    engine = schedule(inp)
    net = build_network(inp)
    durations = np.repeat(np.asarray(net.plan.duration, dtype=float)[:, None], 3, axis=1)
    dates = run_passes(net, durations)
    cal = inp.calendar
    for i in net.order:
        task = engine.tasks[net.plan.ids[i]]
        assert set(dates.early_start[i]) == {float(dates.early_start[i][0])}
        points = (dates.early_start[i][0], dates.early_finish[i][0])
        # Compared as points: the engine shows a milestone's start at 17:00 the day before.
        expected = (cal.to_point(task.early_start), cal.to_point(task.early_finish))
        assert points == expected, net.plan.ids[i]
        total = dates.total_float[i][0] / cal.minutes_per_day
        assert total == pytest.approx(task.total_float_days), net.plan.ids[i]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_networks_with_constraints(
    seed: int, make_input: Callable[..., SimulationInput]
) -> None:
    _assert_matches_engine(random_plan(300, seed=seed), make_input)


def test_all_link_types_with_lags_and_leads(make_input: Callable[..., SimulationInput]) -> None:
    tasks = [
        TaskInput(t, duration_days=d) for t, d in zip("abcdefg", (3, 2, 4, 1, 5, 2, 0), strict=True)
    ]
    links = [
        LinkInput("a", "b", LinkType.SS, 1),
        LinkInput("a", "c", LinkType.FF, -1),
        LinkInput("b", "d", LinkType.SF, 2),
        LinkInput("c", "e", LinkType.FS, 0.5),
        LinkInput("d", "e", LinkType.FS, -2),
        LinkInput("e", "g"),
        LinkInput("f", "g", LinkType.FF, 3),
    ]
    _assert_matches_engine(plan(tasks, links), make_input)


def test_constraints_deadlines_and_a_data_date(make_input: Callable[..., SimulationInput]) -> None:
    tasks = [
        TaskInput("a", duration_days=3),
        TaskInput(
            "b", duration_days=2, constraint=ConstraintType.SNET, constraint_date=date(2025, 1, 14)
        ),
        TaskInput(
            "c", duration_days=4, constraint=ConstraintType.FNLT, constraint_date=date(2025, 1, 15)
        ),
        TaskInput("d", duration_days=1, deadline=date(2025, 1, 16)),
        TaskInput("m", duration_days=0),
    ]
    links = [LinkInput("a", "b"), LinkInput("a", "c"), LinkInput("b", "d"), LinkInput("c", "m")]
    _assert_matches_engine(plan(tasks, links), make_input)
    _assert_matches_engine(plan(tasks, links, status_date=date(2025, 1, 8)), make_input)


def test_summaries_and_held_tasks(make_input: Callable[..., SimulationInput]) -> None:
    tasks = [
        TaskInput("phase", duration_days=0),
        TaskInput(
            "a",
            duration_days=3,
            parent_id="phase",
            actual_start=date(2025, 1, 6),
            percent_complete=50,
        ),
        TaskInput("b", duration_days=2, parent_id="phase"),
        TaskInput(
            "done", duration_days=1, actual_start=date(2025, 1, 6), actual_finish=date(2025, 1, 6)
        ),
        TaskInput("manual", duration_days=2, manual_start=date(2025, 1, 20)),
        TaskInput("late", duration_days=1, constraint=ConstraintType.ALAP),
        TaskInput("z", duration_days=1),
    ]
    links = [
        LinkInput("done", "phase"),
        LinkInput("phase", "z"),
        LinkInput("late", "z"),
        LinkInput("manual", "z", LinkType.SS),
    ]
    inp = plan(tasks, links, status_date=date(2025, 1, 8))
    _assert_matches_engine(inp, make_input)
    result = simulate(
        make_input(
            inp,
            {"a": Distribution.triangular(1, 3, 9), "b": Distribution.triangular(1, 2, 3)},
            iterations=100,
        )
    )
    assert result.held_tasks == {
        "a": "progress",
        "done": "progress",
        "manual": "manual",
        "late": "alap",
    }
    assert result.criticality["done"] == 0.0


def test_a_weekend_inside_the_span_moves_dates_as_the_engine_does(
    make_input: Callable[..., SimulationInput],
) -> None:
    # Start on a Thursday: 3 days of A end on Monday, B's 2 days end on Wednesday.
    thursday = date(2025, 1, 9)
    inp = ScheduleInput(
        project_start=thursday,
        tasks=[TaskInput("A", duration_days=3), TaskInput("B", duration_days=2)],
        links=[LinkInput("A", "B")],
        calendar=WorkCalendar(non_working_dates=[date(2025, 1, 14)]),  # and a holiday
    )
    engine = schedule(inp)
    assert engine.project_finish == datetime(2025, 1, 16, 17, 0)
    result = simulate(make_input(inp, {"A": Distribution.fixed(3)}, iterations=10))
    assert result.percentile(50).date == engine.project_finish
    # Half a day more on B crosses the night, not a weekend day: Friday 12:00.
    longer = simulate(make_input(inp, {"B": Distribution.fixed(2.5)}, iterations=10))
    assert longer.percentile(90).date == datetime(2025, 1, 17, 12, 0)
    assert MONDAY.weekday() == 0


@pytest.mark.parametrize(
    ("seed", "options"),
    [
        (21, {}),
        (22, {}),
        (23, {"status_date": date(2025, 2, 3)}),
        (24, {"status_date": date(2025, 2, 3), "progress_mode": "ms_project"}),
    ],
)
def test_each_iteration_equals_the_engine_run_on_its_sampled_durations(
    seed: int, options: dict[str, object]
) -> None:
    """The vectorised passes on varying durations, iteration by iteration, against the engine
    scheduling the same plan with that iteration's durations (whole minutes, so both read the
    same numbers)."""
    inp = replace(random_plan(150, seed=seed), **options)
    net = build_network(inp)
    rng = np.random.default_rng(seed)
    mpd = inp.calendar.minutes_per_day
    base = np.asarray(net.plan.duration, dtype=float)
    durations = np.rint(base[:, None] * rng.uniform(0.3, 2.5, (base.size, 4)))
    dates = run_passes(net, durations)
    for k in range(durations.shape[1]):
        tasks = [
            t._replace(duration_days=float(durations[i, k]) / mpd) for i, t in enumerate(inp.tasks)
        ]
        engine = schedule(replace(inp, tasks=tasks))
        cal = inp.calendar
        assert dates.project_finish[k] == cal.to_point(engine.project_finish)
        for i in net.order:
            task = engine.tasks[net.plan.ids[i]]
            assert dates.early_start[i, k] == cal.to_point(task.early_start), (k, i)
            assert dates.early_finish[i, k] == cal.to_point(task.early_finish), (k, i)
            total = dates.total_float[i, k] / mpd
            assert total == pytest.approx(task.total_float_days, abs=1e-9), (k, i)
