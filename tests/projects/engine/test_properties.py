"""Property tests on random acyclic plans with all link types, lags, leads and constraints."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.projects.engine import (
    ConstraintType,
    LinkInput,
    LinkType,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    WorkCalendar,
    schedule,
)

START = date(2025, 1, 6)
CALENDAR = WorkCalendar(non_working_dates=[date(2025, 1, 20), date(2025, 2, 3)])
MPD = CALENDAR.minutes_per_day
HALF_DAYS = st.integers(min_value=0, max_value=10).map(lambda h: h / 2)
LAGS = st.integers(min_value=-6, max_value=6).map(lambda h: h / 2)
OVERRIDING = {ConstraintType.SNLT, ConstraintType.FNLT, ConstraintType.MSO, ConstraintType.MFO}


@st.composite
def plans(
    draw: st.DrawFn, kinds: tuple[ConstraintType, ...] = tuple(ConstraintType)
) -> ScheduleInput:
    n = draw(st.integers(min_value=1, max_value=18))
    tasks = []
    for i in range(n):
        kind, when = ConstraintType.ASAP, None
        if len(kinds) > 1 and draw(st.booleans()):
            kind = draw(st.sampled_from(kinds))
            if kind not in (ConstraintType.ASAP, ConstraintType.ALAP):
                when = START + timedelta(days=draw(st.integers(min_value=-3, max_value=30)))
        tasks.append(
            TaskInput(i, duration_days=draw(HALF_DAYS), constraint=kind, constraint_date=when)
        )
    # Links only from a lower to a higher id keep the plan acyclic; the task list is then
    # shuffled so the topological sort has work to do.
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1])
    links = [
        LinkInput(p, s, draw(st.sampled_from(list(LinkType))), draw(LAGS))
        for p, s in draw(st.lists(pairs, max_size=3 * n, unique=True))
        if n > 1
    ]
    order = draw(st.permutations(tasks))
    return ScheduleInput(project_start=START, tasks=order, links=links, calendar=CALENDAR)


def _points(result: ScheduleResult, task_id: object, prefix: str) -> tuple[int, int]:
    t = result.tasks[task_id]
    pair = (t.early_start, t.early_finish) if prefix == "early" else (t.start, t.finish)
    return CALENDAR.to_point(pair[0]), CALENDAR.to_point(pair[1])


def _gap(link: LinkInput, pred: tuple[int, int], succ: tuple[int, int]) -> int:
    """How much later the successor is than the link requires (>= 0 when satisfied)."""
    lag = round(link.lag_days * MPD)
    pred_point = pred[1] if link.type in (LinkType.FS, LinkType.FF) else pred[0]
    succ_point = succ[1] if link.type in (LinkType.FF, LinkType.SF) else succ[0]
    return succ_point - pred_point - lag


@settings(max_examples=150, deadline=None)
@given(plans())
def test_early_dates_satisfy_links_and_constraints(plan: ScheduleInput) -> None:
    result = schedule(plan)
    by_id = {t.id: t for t in plan.tasks}
    for link in plan.links:
        if by_id[link.successor_id].constraint in OVERRIDING:
            continue  # constraints win over links (negative float instead)
        pred = by_id[link.predecessor_id]
        succ = by_id[link.successor_id]
        # A non-ALAP successor follows an ALAP predecessor at its planned (late) dates.
        follows_late = pred.constraint == ConstraintType.ALAP != succ.constraint
        pred_points = _points(result, pred.id, "planned" if follows_late else "early")
        assert _gap(link, pred_points, _points(result, succ.id, "early")) >= 0
    for task in plan.tasks:
        es, ef = _points(result, task.id, "early")
        if task.constraint_date is None:
            continue
        finish_type = task.constraint in (
            ConstraintType.FNET,
            ConstraintType.FNLT,
            ConstraintType.MFO,
        )
        cd = CALENDAR.to_point(task.constraint_date, finish=finish_type)
        checks = {
            ConstraintType.SNET: es >= cd,
            ConstraintType.FNET: ef >= cd,
            ConstraintType.SNLT: es <= cd,
            ConstraintType.FNLT: ef <= cd,
            ConstraintType.MSO: es == cd,
            ConstraintType.MFO: ef == cd,
        }
        assert checks[task.constraint]


@settings(max_examples=150, deadline=None)
@given(plans(kinds=(ConstraintType.ASAP,)))
def test_without_constraints_a_zero_float_chain_runs_from_start_to_finish(
    plan: ScheduleInput,
) -> None:
    result = schedule(plan)
    floats = {k: t.total_float_days for k, t in result.tasks.items()}
    assert min(floats.values()) == 0
    assert all(f >= 0 for f in floats.values())
    assert all(f >= 0 for f in (t.free_float_days for t in result.tasks.values()))
    # Walk back from the task that finishes the project along links that are tight at the
    # early dates; every task met has zero float, and the walk ends at a task no link drives.
    finish = CALENDAR.to_point(result.project_finish)
    current = next(k for k in result.tasks if _points(result, k, "early")[1] == finish)
    incoming = {k: [link for link in plan.links if link.successor_id == k] for k in floats}
    for _ in range(len(floats) + 1):
        assert floats[current] == 0
        tight = [
            link
            for link in incoming[current]
            if _gap(
                link,
                _points(result, link.predecessor_id, "early"),
                _points(result, current, "early"),
            )
            == 0
        ]
        if not tight:
            assert _points(result, current, "early")[0] == CALENDAR.to_point(START)
            break
        current = tight[0].predecessor_id
    else:
        raise AssertionError("the walk back did not reach the start")


@settings(max_examples=100, deadline=None)
@given(
    plans(
        kinds=(ConstraintType.ASAP, ConstraintType.ALAP, ConstraintType.SNET, ConstraintType.FNET)
    )
)
def test_planned_dates_satisfy_links_without_overriding_constraints(plan: ScheduleInput) -> None:
    result = schedule(plan)
    for link in plan.links:
        pred = _points(result, link.predecessor_id, "planned")
        assert _gap(link, pred, _points(result, link.successor_id, "planned")) >= 0
