"""The WBS checks as pure functions, on hand-made blueprints."""

from __future__ import annotations

from services.governance.templates.content import TemplateLink, TemplateTask
from services.governance.templates.wbs import link_cycle, wbs_errors


def tasks(*specs: str) -> list[TemplateTask]:
    """``"a"`` a task, ``"a<b"`` task a under summary b."""
    made = []
    for spec in specs:
        key, _, parent = spec.partition("<")
        made.append(TemplateTask(key=key, name=key.upper(), parent_key=parent or None))
    return made


def links(*pairs: str) -> list[TemplateLink]:
    return [
        TemplateLink(predecessor_key=pair.split(">")[0], successor_key=pair.split(">")[1])
        for pair in pairs
    ]


def test_a_sound_plan_has_no_errors() -> None:
    plan = tasks("p", "a<p", "b<p", "c")
    assert wbs_errors(plan, links("a>b", "p>c")) == []


def test_a_plain_cycle_is_named_in_link_order() -> None:
    assert link_cycle(tasks("a", "b", "c"), links("a>b", "b>c", "c>a")) in (
        ["a", "b", "c", "a"],
        ["b", "c", "a", "b"],
        ["c", "a", "b", "c"],
    )


def test_a_cycle_through_a_summary_is_found() -> None:
    # c -> p means c -> a and c -> b; b -> c closes the loop.
    assert link_cycle(tasks("p", "a<p", "b<p", "c"), links("c>p", "b>c"))
    # Between summaries: p -> q, and a task of q back into p.
    plan = tasks("p", "a<p", "q", "b<q")
    assert link_cycle(plan, links("p>q", "b>a"))
    assert link_cycle(plan, links("p>q")) == []


def test_a_nested_summary_counts_for_its_ancestors() -> None:
    plan = tasks("top", "mid<top", "leaf<mid", "x")
    assert link_cycle(plan, links("top>x", "x>leaf"))
    assert link_cycle(plan, links("top>x")) == []


def test_link_types_do_not_hide_a_cycle() -> None:
    plan = tasks("a", "b")
    cyclic = [
        TemplateLink(predecessor_key="a", successor_key="b", type="SS"),
        TemplateLink(predecessor_key="b", successor_key="a", type="FF"),
    ]
    assert wbs_errors(plan, cyclic)[0].field == "dependencies"


def test_structural_errors_are_reported_before_cycles() -> None:
    errors = wbs_errors(tasks("a", "a", "b<zz"), links("a>nope", "a>a"))
    fields = [e.field for e in errors]
    assert fields == [
        "tasks.key",
        "tasks.2.parent_key",
        "dependencies.0.successor_key",
        "dependencies.1",
    ]


def test_parent_loops_links_into_subtasks_and_twins() -> None:
    assert [e.field for e in wbs_errors(tasks("a<b", "b<a"), [])] == [
        "tasks.0.parent_key",
        "tasks.1.parent_key",
    ]
    plan = tasks("p", "a<p", "b")
    assert [e.message for e in wbs_errors(plan, links("a>p"))] == [
        "a summary task cannot be linked to its subtask"
    ]
    assert [e.field for e in wbs_errors(plan, links("a>b", "a>b", "b>b"))] == [
        "dependencies.1",
        "dependencies.2",
    ]


def test_a_summary_is_no_milestone() -> None:
    plan = [TemplateTask(key="p", name="P", milestone=True), *tasks("a<p")]
    assert [e.field for e in wbs_errors(plan, [])] == ["tasks.0.milestone"]


def test_a_long_chain_is_checked_quickly() -> None:
    plan = tasks(*(f"t{i}" for i in range(500)))
    chain = links(*(f"t{i}>t{i + 1}" for i in range(499)))
    assert wbs_errors(plan, chain) == []
    assert link_cycle(plan, [*chain, *links("t499>t0")])
