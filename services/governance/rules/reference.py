"""The reference of the shipped rule kinds (docs/governance-rules.md), rendered from the
registry so it cannot drift: a test compares the file with ``render()``.

Regenerate: ``uv run python -m services.governance.rules.reference > docs/governance-rules.md``
"""

from __future__ import annotations

import json
from typing import Any

from services.governance.rules import REGISTRY
from services.governance.rules.base import Category, RuleKind

INTRO = """\
# Governance rule kinds

<!-- Generated from the registry by services/governance/rules/reference.py; do not edit. -->

A standard's rule names a kind, carries the kind's parameters (validated against the schema
below when the rule is written: wrong types and unknown parameters are refused) and gets a
severity, a weight and a scope. A kind is a pure function over one project's facts (the
projects service's facts, plus the gates approved and the deliverables recorded in
governance) that answers `pass`, `fail` or `not_applicable`, with a message and evidence.

Evidence keys shared by the kinds: `value` (what was measured), `limit` and `comparison`
(what it was judged against), `unit` (`%`, `count`, `days`), `counted` (how many tasks, links
or risks were looked at), `offending` (how many break the rule) and their ids (`task_ids`,
`link_ids`, `risk_ids`; at most 50 of each).

Schedule-quality kinds follow the DCMA 14-point assessment (DCMA-EA PAM 200.1, 2012). Their
limits (`threshold`) and the comparison that passes (`<`, `<=`, `>`, `>=`) are parameters
whose defaults are DCMA's, because published checkers differ. Which tasks count:

- summary tasks never count;
- a task is *complete* when it has an actual finish or is 100 % complete, *incomplete*
  otherwise (percent complete below 100 and no actual finish);
- by default a check counts incomplete, non-milestone tasks; each kind says where it differs;
- links are counted from the tasks' side: a link counts when its successor is a counted task
  (the task's predecessor list), once;
- durations and floats are in working days of the project calendar; the status date is the
  end of its day, as the scheduling engine reads it.
"""

SECTIONS = {
    Category.governance: "Project governance",
    Category.dcma: "Schedule quality (DCMA 14-point assessment)",
}


def _type(spec: dict[str, Any]) -> str:
    if "anyOf" in spec:
        return " or ".join(_type(option) for option in spec["anyOf"])
    if "enum" in spec:
        return " \\| ".join(f"`{value}`" for value in spec["enum"])
    if spec.get("type") == "array":
        return f"list of {_type(spec['items'])}"
    limits = (("minimum", "≥"), ("maximum", "≤"))
    bounds = [f"{word} {spec[key]}" for key, word in limits if key in spec]
    kind = str(spec.get("type", "any"))
    return f"{kind} ({', '.join(bounds)})" if bounds else kind


def _parameters(kind: RuleKind[Any]) -> list[str]:
    schema = kind.params.model_json_schema()
    properties: dict[str, Any] = schema.get("properties", {})
    if not properties:
        return ["No parameters."]
    required = set(schema.get("required", []))
    rows = ["| Parameter | Type | Default | Description |", "|---|---|---|---|"]
    for name, spec in properties.items():
        default = "required" if name in required else f"`{json.dumps(spec.get('default'))}`"
        rows.append(f"| `{name}` | {_type(spec)} | {default} | {spec['description']} |")
    return rows


def _kind(kind: RuleKind[Any]) -> list[str]:
    return [
        f"### `{kind.name}`: {kind.title}",
        "",
        kind.description,
        "",
        *_parameters(kind),
        "",
        f"Example parameters: `{json.dumps(dict(kind.example))}`",
        "",
    ]


def render() -> str:
    lines = [INTRO]
    for category, title in SECTIONS.items():
        lines += [f"## {title}", ""]
        for kind in REGISTRY.values():
            if kind.category is category:
                lines += _kind(kind)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
