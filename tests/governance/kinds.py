"""Small rule kinds of the tests' own, registered once: the rules API and the evaluation
are tested against kinds whose outcome a test controls exactly."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from services.governance.rules.base import Facts, Outcome, Params, RuleKind
from services.governance.rules.registry import REGISTRY, register


class TagParams(Params):
    tag: str = Field(min_length=1)


def _has_tag(facts: Facts, params: TagParams) -> Outcome:
    if params.tag in facts.project.tags:
        return Outcome.passed(f"Tagged {params.tag}.", tag=params.tag)
    return Outcome.failed(f"Not tagged {params.tag}.", tag=params.tag, tags=facts.project.tags)


class TaskParams(Params):
    min_tasks: int = Field(ge=0)
    max_share: Decimal = Decimal("0.5")


def _min_tasks(facts: Facts, params: TaskParams) -> Outcome:
    count = len(facts.project.tasks)
    if count == 0:
        return Outcome.not_applicable("The project has no plan.")
    if count >= params.min_tasks:
        return Outcome.passed(f"{count} tasks.", value=count, limit=params.min_tasks)
    return Outcome.failed(f"Only {count} tasks.", value=count, limit=params.min_tasks)


HAS_TAG = "test_has_tag"
MIN_TASKS = "test_min_tasks"

for _kind in (
    RuleKind(HAS_TAG, "Has a tag", "The project carries the tag.", TagParams, _has_tag),
    RuleKind(MIN_TASKS, "Enough tasks", "The plan has enough tasks.", TaskParams, _min_tasks),
):
    if _kind.name not in REGISTRY:
        register(_kind)
