"""Rule kinds over the RAID log."""

from __future__ import annotations

import uuid

from pydantic import Field

from services.governance.rules.base import Facts, Outcome, Params, RuleKind, ids
from services.governance.rules.registry import register
from shared.clients.projects.facts import FactRisk


class RiskHygieneParams(Params):
    """Which risks must be kept in order, and how recently reviewed."""

    min_score: int = Field(
        12,
        ge=1,
        le=25,
        description="Open risks with a score (probability x impact, 1-25) of at least this "
        "are checked.",
    )
    review_within_days: int = Field(
        30,
        ge=0,
        le=3660,
        description="Most calendar days since a checked risk was last updated (its review) "
        "before the project's as-of date.",
    )


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _problems(risk: FactRisk, facts: Facts, params: RiskHygieneParams) -> list[str]:
    problems = []
    if _blank(risk.owner):
        problems.append("owner")
    if _blank(risk.response_strategy) and _blank(risk.mitigation):
        problems.append("response")
    if (facts.project.as_of - risk.updated_at.date()).days > params.review_within_days:
        problems.append("review")
    return problems


def check_risk_hygiene(facts: Facts, params: RiskHygieneParams) -> Outcome:
    checked = [
        risk
        for risk in facts.project.risks
        if risk.status == "open" and risk.score >= params.min_score
    ]
    if not checked:
        return Outcome.not_applicable(
            f"No open risk scores {params.min_score} or more.", min_score=params.min_score
        )
    missing: dict[str, list[uuid.UUID]] = {"owner": [], "response": [], "review": []}
    offending: list[uuid.UUID] = []
    for risk in checked:
        problems = _problems(risk, facts, params)
        for problem in problems:
            missing[problem].append(risk.id)
        if problems:
            offending.append(risk.id)
    evidence = {
        "counted": len(checked),
        "offending": len(offending),
        "risk_ids": ids(offending),
        "without_owner": ids(missing["owner"]),
        "without_response": ids(missing["response"]),
        "not_reviewed": ids(missing["review"]),
        "min_score": params.min_score,
        "review_within_days": params.review_within_days,
    }
    if offending:
        message = (
            f"{len(offending)} of {len(checked)} open risks scoring {params.min_score} or more "
            "lack an owner, a response or a recent review."
        )
        return Outcome.failed(message, **evidence)
    message = f"All {len(checked)} open risks scoring {params.min_score} or more are in order."
    return Outcome.passed(message, **evidence)


RISK_HYGIENE = register(
    RuleKind(
        name="risk_hygiene",
        title="High risks owned, answered and reviewed",
        description=(
            "Checks every open risk (status open) whose score is at least min_score: it must "
            "have an owner, a response (a response strategy or a mitigation) and a review, "
            "i.e. an update (updated_at) at most review_within_days calendar days before the "
            "project's as-of date. Fails listing the offending risks (risk_ids, and by "
            "problem: without_owner, without_response, not_reviewed). Not applicable when no "
            "open risk scores that high."
        ),
        params=RiskHygieneParams,
        check=check_risk_hygiene,
        example={"min_score": 12, "review_within_days": 30},
    )
)
