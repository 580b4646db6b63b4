"""The dashboard's pure parts: what counts as worse, and the compliance buckets' edges."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.reporting.dashboard.compose import ProjectHealth, compliance
from services.reporting.dashboard.schemas import Rag
from shared.clients.projects.dashboard import PortfolioDashboardFactsDTO

DAY, WEEK_BEFORE = date(2025, 1, 13), date(2025, 1, 6)


def _health(now: Rag, before: Rag | None) -> ProjectHealth:
    return ProjectHealth(uuid.uuid4(), DAY, now, None, WEEK_BEFORE if before else None, before)


@pytest.mark.parametrize(
    ("before", "now", "worse"),
    [
        (Rag.green, Rag.amber, True),
        (Rag.green, Rag.red, True),
        (Rag.amber, Rag.red, True),
        (Rag.red, Rag.red, False),
        (Rag.red, Rag.amber, False),
        (Rag.amber, Rag.green, False),
        # Unknown is no colour: a change to or from it is neither worse nor better.
        (Rag.green, Rag.unknown, False),
        (Rag.unknown, Rag.red, False),
        # Nothing a week before: nothing to compare.
        (None, Rag.red, False),
    ],
)
def test_worse_means_a_redder_colour(before: Rag | None, now: Rag, worse: bool) -> None:
    assert _health(now, before).worsened is worse


def _facts(count: int) -> PortfolioDashboardFactsDTO:
    projects = [
        {
            "project_id": str(uuid.uuid4()),
            "code": f"P{i}",
            "name": "p",
            "status": "active",
            "phase": None,
            "program_id": None,
            "currency": "EUR",
            "in_portfolio_currency": True,
            "budget": None,
            "actual_cost": "0.00",
            "open_risks": 0,
        }
        for i in range(count)
    ]
    return PortfolioDashboardFactsDTO.model_validate(
        {
            "portfolio_id": str(uuid.uuid4()),
            "portfolio_name": "p",
            "as_of": "2025-01-13",
            "milestone_days": 30,
            "project_count": count,
            "projects_by_status": {"active": count},
            "projects_by_phase": [{"phase": None, "count": count}],
            "totals": {
                "currency": "EUR",
                "budget": "0.00",
                "actual_cost": "0.00",
                "projects_in_other_currencies": 0,
            },
            "projects": projects,
            "milestones_due": [],
            "milestones_due_total": 0,
            "top_risks": [],
        }
    )


def test_bucket_edges_belong_to_the_upper_bucket() -> None:
    facts = _facts(9)
    ids = [p.project_id for p in facts.projects]
    scores = dict(zip(ids, [0.0, 49.99, 50.0, 79.99, 80.0, 94.99, 95.0, 100.0, None], strict=True))

    distribution = compliance(facts, scores)

    assert [b.count for b in distribution.buckets] == [2, 2, 2, 2]
    assert distribution.not_evaluated == 1  # the unscored one
    # (0 + 49.99 + 50 + 79.99 + 80 + 94.99 + 95 + 100) / 8 = 549.97 / 8 = 68.74625
    assert distribution.average_score == 68.75
