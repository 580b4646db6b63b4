"""Reproducibility, convergence, progress, and the inputs a run refuses."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from services.projects.engine import LinkInput, ScheduleCycleError, TaskInput
from services.projects.risk import (
    MAX_ITERATIONS,
    Convergence,
    Correlation,
    Distribution,
    Impact,
    IterationLimitError,
    RiskDriver,
    RiskInputError,
    SimulationInput,
    simulate,
)
from services.projects.risk.replay import inputs_from_json
from tests.projects.risk.plans import plan, random_plan


def _uncertain_plan(
    make_input: Callable[..., SimulationInput], **options: object
) -> SimulationInput:
    schedule = random_plan(60, seed=4)
    estimates = {
        t.id: Distribution.pert(t.duration_days * 0.8, t.duration_days, t.duration_days * 1.6)
        for t in schedule.tasks
        if t.duration_days > 0
    }
    risks = [RiskDriver("late permit", 0.2, [Impact(3, Distribution.triangular(1, 2, 4))])]
    return make_input(
        schedule, estimates, risks=risks, correlations=[Correlation(1, 2, 0.5)], **options
    )


def test_the_same_seed_gives_the_same_result(make_input: Callable[..., SimulationInput]) -> None:
    inp = _uncertain_plan(make_input, iterations=3_000, chunk_size=700, seed=99)
    first, second = simulate(inp).to_json(), simulate(inp).to_json()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    other = simulate(_uncertain_plan(make_input, iterations=3_000, chunk_size=700, seed=100))
    assert other.to_json()["percentiles"] != first["percentiles"]
    assert first["inputs"]["seed"] == 99
    assert first["inputs"]["estimates"][0]["kind"] == "pert"
    assert first["inputs"]["risks"][0]["impacts"][0] == {
        "task_id": 3,
        "kind": "triangular",
        "optimistic": 1,
        "most_likely": 2,
        "pessimistic": 4,
    }
    assert first["inputs"]["correlations"] == [{"task_a": 1, "task_b": 2, "rho": 0.5}]


def test_a_chunk_does_not_depend_on_how_many_run(
    make_input: Callable[..., SimulationInput],
) -> None:
    short = simulate(_uncertain_plan(make_input, iterations=1_000, chunk_size=500))
    long = simulate(_uncertain_plan(make_input, iterations=2_000, chunk_size=500))
    assert short.finish_days is not None and long.finish_days is not None
    assert (long.finish_days[:1_000] == short.finish_days).all()


def test_convergence_stops_early_and_reports_progress(
    make_input: Callable[..., SimulationInput],
) -> None:
    seen: list[tuple[int, int]] = []
    inp = _uncertain_plan(
        make_input,
        iterations=50_000,
        chunk_size=1_000,
        convergence=Convergence(relative_tolerance=0.002, min_iterations=3_000, stable_chunks=2),
    )
    result = simulate(inp, progress=lambda done, total: seen.append((done, total)))
    assert result.converged
    assert 3_000 <= result.iterations_run < 50_000
    assert result.iterations_run % 1_000 == 0
    assert seen == [(k * 1_000, 50_000) for k in range(1, result.iterations_run // 1_000 + 1)]
    # A tolerance no forecast meets runs every iteration.
    strict = _uncertain_plan(
        make_input,
        iterations=4_000,
        chunk_size=1_000,
        convergence=Convergence(relative_tolerance=1e-12, min_iterations=1),
    )
    assert simulate(strict).iterations_run == 4_000
    assert not simulate(strict).converged


def test_a_progress_callback_can_abandon_the_run(
    make_input: Callable[..., SimulationInput],
) -> None:
    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        simulate(_uncertain_plan(make_input, iterations=2_000, chunk_size=500), progress=cancel)


def test_deadlines_give_probabilities(make_input: Callable[..., SimulationInput]) -> None:
    from datetime import date

    tasks = [
        TaskInput("A", duration_days=2),
        TaskInput("B", duration_days=3, deadline=date(2025, 1, 10)),
        TaskInput("M", "go live", 0, deadline=date(2025, 1, 13)),
    ]
    schedule = plan(tasks, [LinkInput("A", "B"), LinkInput("B", "M")], deadline=date(2025, 1, 10))
    result = simulate(
        make_input(
            schedule, {"B": Distribution.triangular(2, 3, 6)}, iterations=10_000, chunk_size=10_000
        )
    )
    # Friday 10 January 17:00 is 5 working days: P(2 + T(2, 3, 6) <= 5) = 0.25.
    assert result.probability_on_time == pytest.approx(0.25, abs=1e-4)
    by_id = {m.task_id: m for m in result.milestones}
    assert by_id["B"].probability_on_time == pytest.approx(0.25, abs=1e-4)
    # Monday 13 January 17:00 is 6 days: P(T <= 4) = 1 - 2^2 / 12 = 2/3.
    assert by_id["M"].probability_on_time == pytest.approx(2 / 3, abs=1e-4)
    assert by_id["M"].name == "go live"
    assert result.deadline is not None and result.deadline.isoformat() == "2025-01-10T17:00:00"


_SCHEDULE = plan(
    [
        TaskInput("a", duration_days=2),
        TaskInput("b", duration_days=1),
        TaskInput("phase"),
        TaskInput("c", duration_days=1, parent_id="phase"),
    ],
    [LinkInput("a", "b")],
)


@pytest.mark.parametrize(
    ("options", "code", "field"),
    [
        ({"estimates": {"a": Distribution.triangular(3, 2, 4)}}, "invalid_estimate", "estimates"),
        ({"estimates": {"a": Distribution.pert(1, 3, 2)}}, "invalid_estimate", "estimates"),
        ({"estimates": {"a": Distribution.triangular(-1, 2, 4)}}, "invalid_estimate", "estimates"),
        ({"estimates": {"a": Distribution.fixed(-2)}}, "invalid_estimate", "estimates"),
        (
            {"estimates": {"a": Distribution("lognormal", 1, 2, 3)}},
            "invalid_estimate",
            "estimates.kind",
        ),  # type: ignore[arg-type]
        (
            {"estimates": {"a": Distribution.triangular(1, float("nan"), 4)}},
            "invalid_estimate",
            "estimates",
        ),
        ({"estimates": {"zz": Distribution.fixed(1)}}, "unknown_task", "estimates"),
        ({"estimates": {"phase": Distribution.fixed(1)}}, "summary_task", "estimates"),
        ({"risks": [RiskDriver("r", 1.5, [])]}, "invalid_probability", "risks[0].probability"),
        (
            {"risks": [RiskDriver("r", 0.5, [Impact("nope", Distribution.fixed(1))])]},
            "unknown_task",
            "risks[0].impacts",
        ),
        ({"correlations": [Correlation("a", "b", 0.5)]}, "invalid_correlation", "correlations"),
        (
            {
                "estimates": {"a": Distribution.pert(1, 2, 3), "b": Distribution.pert(1, 2, 3)},
                "correlations": [Correlation("a", "b", 1.0)],
            },
            "invalid_correlation",
            "correlations.rho",
        ),
        ({"iterations": 0}, "invalid_option", "iterations"),
        ({"chunk_size": 10**6}, "invalid_option", "chunk_size"),
        ({"seed": -1}, "invalid_option", "seed"),
        ({"convergence": Convergence(relative_tolerance=0)}, "invalid_option", "convergence"),
    ],
)
def test_bad_input_is_refused(options: dict[str, object], code: str, field: str) -> None:
    with pytest.raises(RiskInputError) as caught:
        simulate(SimulationInput(_SCHEDULE, **options))  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field) == (code, field)


def test_inconsistent_correlations_are_refused() -> None:
    schedule = plan([TaskInput(t, duration_days=2) for t in "abc"])
    estimates = {t: Distribution.triangular(1, 2, 4) for t in "abc"}
    correlations = [
        Correlation("a", "b", 0.9),
        Correlation("b", "c", 0.9),
        Correlation("a", "c", -0.9),
    ]
    with pytest.raises(RiskInputError) as caught:
        simulate(SimulationInput(schedule, estimates, correlations=correlations))
    assert caught.value.code == "correlation_not_positive_definite"


def test_ten_million_iterations_are_refused() -> None:
    with pytest.raises(IterationLimitError) as caught:
        simulate(SimulationInput(_SCHEDULE, iterations=10_000_000))
    assert caught.value.code == "too_many_iterations"
    assert str(MAX_ITERATIONS) in str(caught.value).replace(",", "")
    big = random_plan(1_000, seed=1)
    estimates = {t.id: Distribution.triangular(1, 2, 3) for t in big.tasks}
    with pytest.raises(IterationLimitError):  # iterations x uncertain tasks over the budget
        simulate(SimulationInput(big, estimates, iterations=MAX_ITERATIONS))


def test_a_cycle_is_the_engine_s_own_error() -> None:
    schedule = plan(
        [TaskInput("a", duration_days=1), TaskInput("b", duration_days=1)],
        [LinkInput("a", "b"), LinkInput("b", "a")],
    )
    with pytest.raises(ScheduleCycleError) as caught:
        simulate(SimulationInput(schedule, {"a": Distribution.triangular(1, 2, 3)}))
    assert caught.value.code == "dependency_cycle"
    assert set(caught.value.task_ids) == {"a", "b"}


def test_a_stored_result_replays_exactly(make_input: Callable[..., SimulationInput]) -> None:
    inp = _uncertain_plan(
        make_input, iterations=6_000, chunk_size=1_000, seed=7, convergence=Convergence()
    )
    stored = json.loads(json.dumps(simulate(inp).to_json()))
    replayed = simulate(inputs_from_json(inp.schedule, stored["inputs"])).to_json()
    assert json.dumps(replayed, sort_keys=True) == json.dumps(stored, sort_keys=True)


def test_replaying_against_another_plan_names_the_missing_task() -> None:
    schedule = plan([TaskInput("a", duration_days=2)])
    inputs = simulate(
        SimulationInput(schedule, {"a": Distribution.triangular(1, 2, 3)}, iterations=10)
    ).to_json()["inputs"]
    with pytest.raises(RiskInputError) as caught:
        inputs_from_json(plan([TaskInput("b", duration_days=2)]), inputs)
    assert (caught.value.code, caught.value.task_id) == ("unknown_task", "a")
