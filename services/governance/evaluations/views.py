"""Evaluations between their three shapes: results of the engine, the column arrays of
the bulk insert, and the API's views of stored rows."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import orjson

from services.governance.evaluations.engine import Result
from services.governance.rules.base import FindingStatus
from shared.repository import dumps


def _evidence_value(value: Any) -> Any:
    # Evidence is whatever a kind measured: encode what JSON can carry, name the rest.
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str) if not isinstance(value, tuple) else list(value)
    return str(value)


def evidence_json(evidence: Mapping[str, Any]) -> str:
    return orjson.dumps(
        dict(evidence), default=_evidence_value, option=orjson.OPT_NON_STR_KEYS
    ).decode()


def _score(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _json(value: Any) -> Any:
    # The read pool answers jsonb as text; the write session as decoded values.
    return orjson.loads(value) if isinstance(value, str) else value


def columns_of(
    ids: Sequence[uuid.UUID], results: Sequence[Result]
) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """The evaluations' and their findings' columns, one list per column."""
    evaluations: dict[str, list[Any]] = {
        name: []
        for name in (
            "ids",
            "project_ids",
            "portfolio_ids",
            "scores",
            "passed",
            "failed",
            "not_applicable",
            "by_severity",
            "standard_ids",
        )
    }
    findings: dict[str, list[Any]] = {name: [] for name in FINDING_ARRAYS}
    for evaluation_id, result in zip(ids, results, strict=True):
        project = result.project
        evaluations["ids"].append(evaluation_id)
        evaluations["project_ids"].append(project.project_id)
        evaluations["portfolio_ids"].append(project.portfolio_id)
        evaluations["scores"].append(result.score)
        evaluations["passed"].append(result.count(FindingStatus.passed))
        evaluations["failed"].append(result.count(FindingStatus.failed))
        evaluations["not_applicable"].append(result.count(FindingStatus.not_applicable))
        evaluations["by_severity"].append(dumps(result.by_severity()).decode())
        evaluations["standard_ids"].append(",".join(str(i) for i in result.standard_ids()))
        _finding_columns(findings, evaluation_id, result)
    return evaluations, findings


FINDING_ARRAYS = (
    "evaluation_ids",
    "positions",
    "rule_ids",
    "rule_titles",
    "standard_ids",
    "standard_keys",
    "standard_revisions",
    "kinds",
    "severities",
    "weights",
    "statuses",
    "messages",
    "evidence",
)


def _finding_columns(
    columns: dict[str, list[Any]], evaluation_id: uuid.UUID, result: Result
) -> None:
    for position, finding in enumerate(result.findings, start=1):
        rule, outcome = finding.rule, finding.outcome
        values = (
            evaluation_id,
            position,
            rule.id,
            rule.title,
            rule.standard_id,
            rule.standard_key,
            rule.standard_revision,
            rule.kind_name,
            rule.severity,
            rule.weight,
            outcome.status.value,
            outcome.message,
            evidence_json(outcome.evidence),
        )
        for name, value in zip(FINDING_ARRAYS, values, strict=True):
            columns[name].append(value)


def summary_of_result(
    run: Mapping[str, Any], evaluation_id: uuid.UUID, result: Result
) -> dict[str, Any]:
    """A just-stored evaluation as the API shows it (no findings)."""
    return {
        "id": evaluation_id,
        **run,
        "project_id": result.project.project_id,
        "portfolio_id": result.project.portfolio_id,
        "score": _score(result.score),
        "passed": result.count(FindingStatus.passed),
        "failed": result.count(FindingStatus.failed),
        "not_applicable": result.count(FindingStatus.not_applicable),
        "by_severity": result.by_severity(),
        "standard_ids": result.standard_ids(),
    }


def evaluation_view(row: Mapping[str, Any]) -> dict[str, Any]:
    view = dict(row)
    view["score"] = _score(row["score"])
    view["by_severity"] = _json(row["by_severity"])
    return view


def finding_view(row: Mapping[str, Any]) -> dict[str, Any]:
    view = {k: v for k, v in row.items() if k != "evaluation_id"}
    view["weight"] = float(row["weight"])
    view["evidence"] = _json(row["evidence"])
    return view


def trend_view(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Trend points oldest first, from rows newest first."""
    return [
        {"evaluation_id": r["id"], "evaluated_at": r["evaluated_at"], "score": _score(r["score"])}
        for r in reversed(rows)
    ]


def day_view(row: Mapping[str, Any]) -> dict[str, Any]:
    return {**row, "average_score": _score(row["average_score"])}


def average_score(evaluations: Sequence[Mapping[str, Any]]) -> float | None:
    scores = [Decimal(e["score"]) for e in evaluations if e["score"] is not None]
    if not scores:
        return None
    total = sum(scores, Decimal(0))
    return float((total / len(scores)).quantize(Decimal("0.01")))
