"""Small rule kinds of the tests' own: the rules API and the evaluation are tested against
kinds whose outcome a test controls exactly. They are put in the registry only for the
tests that ask for them (the ``test_kinds`` fixture), so the registry's own tests see the
shipped kinds alone."""

from __future__ import annotations

from pydantic import Field

from services.governance.rules.base import Facts, Outcome, Params, RuleKind


class TagParams(Params):
    """Which tag the project must carry."""

    tag: str = Field(min_length=1, description="The tag.")


def _has_tag(facts: Facts, params: TagParams) -> Outcome:
    if params.tag in facts.project.tags:
        return Outcome.passed(f"Tagged {params.tag}.", tag=params.tag)
    return Outcome.failed(f"Not tagged {params.tag}.", tag=params.tag, tags=facts.project.tags)


class TaskParams(Params):
    """How many tasks the plan must have."""

    min_tasks: int = Field(ge=0, description="The fewest tasks.")
    max_share: float = Field(0.5, ge=0, le=1, description="Unused: a parameter with a default.")


def _min_tasks(facts: Facts, params: TaskParams) -> Outcome:
    count = len(facts.project.tasks)
    if count == 0:
        return Outcome.not_applicable("The project has no plan.")
    if count >= params.min_tasks:
        return Outcome.passed(f"{count} tasks.", value=count, limit=params.min_tasks)
    return Outcome.failed(f"Only {count} tasks.", value=count, limit=params.min_tasks)


HAS_TAG = "test_has_tag"
MIN_TASKS = "test_min_tasks"

TEST_KINDS = (
    RuleKind(
        HAS_TAG,
        "Has a tag",
        "Test kind: passes when the project carries the tag, fails otherwise.",
        TagParams,
        _has_tag,
        example={"tag": "erp"},
    ),
    RuleKind(
        MIN_TASKS,
        "Enough tasks",
        "Test kind: passes with at least min_tasks tasks; not applicable without a plan.",
        TaskParams,
        _min_tasks,
        example={"min_tasks": 1},
    ),
)
