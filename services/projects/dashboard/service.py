"""The facts of a portfolio's dashboard: three statements (see the repository) and a little
arithmetic over the projects' rows (counts and totals of at most a few thousand rows)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from services.projects.access.service import batch_subject
from services.projects.dashboard.repository import DashboardRepository, scope_of
from services.projects.portfolios.service import get_portfolio
from shared.auth import Principal
from shared.errors import FieldError, ValidationFailed
from shared.reads import Reader

repository = DashboardRepository()

MILESTONE_LIMIT = 500
MAX_MILESTONE_DAYS = 366
MAX_TOP_RISKS = 100
# The window's end must stay a date (date.max is 9999-12-31).
LAST_AS_OF = date(9999, 12, 30) - timedelta(days=MAX_MILESTONE_DAYS)


async def dashboard_facts(
    reader: Reader,
    principal: Principal,
    portfolio_id: uuid.UUID,
    *,
    milestone_days: int,
    top_risks: int,
    as_of: date | None,
) -> dict[str, Any]:
    """404 for an unknown portfolio; the projects the caller may not read are left out."""
    portfolio = await get_portfolio(reader, portfolio_id)
    day = as_of or datetime.now(UTC).date()
    if day > LAST_AS_OF:
        raise ValidationFailed(
            "as_of is too far in the future.", errors=[FieldError("as_of", f"at most {LAST_AS_OF}")]
        )
    scope = scope_of(portfolio_id, batch_subject(principal))
    currency: str = portfolio["currency"]
    projects = await repository.projects(reader, scope, day, currency)
    window = (day, day + timedelta(days=milestone_days))
    milestones = await repository.milestones_due(reader, scope, window, MILESTONE_LIMIT)
    risks = await repository.top_risks(reader, scope, top_risks)
    for row in projects:
        row["in_portfolio_currency"] = row["currency"] in (None, currency)
    return {
        "portfolio_id": portfolio_id,
        "portfolio_name": portfolio["name"],
        "as_of": day,
        "milestone_days": milestone_days,
        "project_count": len(projects),
        "projects_by_status": dict(Counter(row["status"] for row in projects)),
        "projects_by_phase": _by_phase(projects),
        "totals": _totals(projects, currency),
        "projects": projects,
        "milestones_due": [_without(row, "total") for row in milestones],
        "milestones_due_total": milestones[0]["total"] if milestones else 0,
        "top_risks": risks,
    }


def _by_phase(projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(row["phase"] for row in projects)
    # Named phases by name, then the projects without one.
    order = sorted(counts, key=lambda phase: (phase is None, phase or ""))
    return [{"phase": phase, "count": counts[phase]} for phase in order]


def _totals(projects: list[dict[str, Any]], currency: str) -> dict[str, Any]:
    counted = [row for row in projects if row["in_portfolio_currency"]]
    return {
        "currency": currency,
        "budget": sum((row["budget"] or Decimal(0) for row in counted), Decimal("0.00")),
        "actual_cost": sum((row["actual_cost"] for row in counted), Decimal("0.00")),
        "projects_in_other_currencies": len(projects) - len(counted),
    }


def _without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}
