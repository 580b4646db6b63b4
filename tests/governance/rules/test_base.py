"""The kinds' shared helpers: comparisons, how numbers read, facts derived once."""

from __future__ import annotations

import pytest

from services.governance.rules.base import Comparison, Facts, holds, limit_text, number
from tests.governance.rules.factories import project


@pytest.mark.parametrize(
    ("value", "comparison", "limit", "expected"),
    [
        (5.0, "<=", 5.0, True),
        (5.0, "<", 5.0, False),
        (0.95, ">=", 0.95, True),
        (0.95, ">", 0.95, False),
        (5.01, "<=", 5.0, False),
    ],
)
def test_comparisons(value: float, comparison: Comparison, limit: float, expected: bool) -> None:
    assert holds(value, comparison, limit) is expected


def test_limits_and_numbers_read_plainly() -> None:
    assert limit_text("<=", 5.0, " %") == "≤ 5 %"
    assert limit_text(">=", 0.95) == "≥ 0.95"
    assert (number(0.91666), number(-0.0001), number(1234567.0)) == ("0.917", "0", "1234567")


def test_a_derived_value_is_computed_once_per_facts() -> None:
    calls: list[int] = []

    def count_tasks(facts: Facts, offset: int) -> int:
        calls.append(offset)
        return len(facts.project.tasks) + offset

    facts = Facts(project())
    assert facts.derived(count_tasks, 1) == facts.derived(count_tasks, 1) == 1
    assert facts.derived(count_tasks, 2) == 2
    assert calls == [1, 2]
    assert Facts(facts.project).derived(count_tasks, 1) == 1
    assert calls == [1, 2, 1]
    assert Facts(facts.project) == facts
