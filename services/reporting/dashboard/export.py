"""The dashboard's per-project table as export rows, for the exports' generic CSV and XLSX
writers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from decimal import Decimal

from services.reporting.dashboard.schemas import PortfolioDashboard, ProjectRow
from services.reporting.exports.columns import CellType, Column, Row
from shared.errors import ServiceUnavailable

MISSING_HEADER = "Dashboard-Missing-Parts"

PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("code", "Code", width=14),
    Column("name", "Name", width=40),
    Column("status", "Status", width=12),
    Column("phase", "Phase", width=16),
    Column("rag", "RAG", width=9),
    Column("worsened", "Worse than a week before", width=12),
    Column("rag_week_before", "RAG a week before", width=12),
    Column("health_day", "Health as of", CellType.date, width=12),
    Column("budget", "Budget", CellType.number, width=16),
    Column("actual_cost", "Actual cost", CellType.number, width=16),
    Column("eac", "EAC", CellType.number, width=16),
    Column("currency", "Currency", width=10),
    Column("compliance_score", "Compliance", CellType.percent, width=12),
    Column("pending_gates", "Gates pending", CellType.integer, width=10),
    Column("open_risks", "Open risks", CellType.integer, width=10),
    Column("project_id", "Id", width=38),
)


def table_of(dashboard: PortfolioDashboard) -> Sequence[ProjectRow]:
    """The rows, or a 503 when the projects part (which lists them) is missing: a file
    without rows would read as a portfolio without projects."""
    if dashboard.projects is None:
        reasons = "; ".join(m.reason for m in dashboard.missing[:1])
        raise ServiceUnavailable(f"The dashboard's projects are missing. {reasons}")
    return dashboard.projects


async def export_rows(rows: Sequence[ProjectRow]) -> AsyncIterator[Row]:
    for row in rows:
        values = row.model_dump()
        score = row.compliance_score
        values["compliance_score"] = Decimal(str(score)) if score is not None else None
        values["worsened"] = "yes" if row.worsened else "no" if row.rag else None
        yield values


def missing_header(dashboard: PortfolioDashboard) -> dict[str, str]:
    """Names the parts whose columns are blank, so a file says it is incomplete."""
    parts = ",".join(m.part.value for m in dashboard.missing)
    return {MISSING_HEADER: parts} if parts else {}
