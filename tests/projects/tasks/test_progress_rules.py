"""The actuals rules on their own (pure): whatever is entered, in whatever order, duration,
percent complete, actual and remaining duration stay consistent as MS Project keeps them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.projects.tasks.progress import (
    PROGRESS_FIELDS,
    Progress,
    apply_progress,
    finish_before_start,
)

DAYS = st.integers(0, 2000).map(lambda c: Decimal(c) / 100)
WORK = st.integers(0, 200000).map(lambda c: Decimal(c) / 10000)
PERCENT = st.integers(0, 10000).map(lambda c: Decimal(c) / 100)
WHEN = st.sampled_from([None, datetime(2025, 1, 6), datetime(2025, 1, 7, 17)])
VALUES = {
    "duration_days": DAYS,
    "percent_complete": PERCENT,
    "actual_duration_days": WORK,
    "remaining_duration_days": WORK,
    "actual_start": WHEN,
    "actual_finish": WHEN,
}
CHANGES = st.lists(
    st.sampled_from(PROGRESS_FIELDS).flatmap(
        lambda name: VALUES[name].map(lambda value: {name: value})
    ),
    max_size=6,
)


def consistent(p: Progress) -> None:
    assert p.duration_days == p.duration_days.quantize(Decimal("0.01"))
    assert 0 <= p.percent_complete <= 100
    assert p.actual_duration_days >= 0
    assert p.remaining_duration_days >= 0
    if p.complete:
        assert (p.actual_duration_days, p.remaining_duration_days) == (p.duration_days, 0)
    else:
        assert p.actual_finish is None
        assert p.actual_duration_days + p.remaining_duration_days == p.duration_days


@given(changes=CHANGES)
def test_any_sequence_of_entries_stays_consistent(changes: list[dict[str, Any]]) -> None:
    state = Progress()
    for change in changes:
        state = apply_progress(state, change)
        consistent(state)


def test_percent_complete_of_a_duration() -> None:
    state = apply_progress(Progress(), {"duration_days": Decimal("0.75")})
    state = apply_progress(state, {"percent_complete": Decimal(25)})
    assert (state.actual_duration_days, state.remaining_duration_days) == (
        Decimal("0.1875"),
        Decimal("0.5625"),
    )


def test_a_date_given_with_zero_percent_is_kept() -> None:
    """0 % clears the actual start, but not one given in the same request: started today,
    nothing done yet."""
    start = datetime(2025, 1, 6)
    state = apply_progress(
        Progress(duration_days=Decimal(2)), {"actual_start": start, "percent_complete": 0}
    )
    assert (state.actual_start, state.percent_complete) == (start, 0)


def test_a_bare_finish_is_the_end_of_its_day() -> None:
    assert finish_before_start(datetime(2025, 1, 8), datetime(2025, 1, 7))
    assert not finish_before_start(datetime(2025, 1, 7, 17), datetime(2025, 1, 7))
    assert not finish_before_start(datetime(2025, 1, 7, 17), datetime(2025, 1, 7, 17))
