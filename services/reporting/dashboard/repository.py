"""The dashboard's one statement on reporting's own rows: each project's latest snapshot up
to a day, with the snapshot a week before it, for any number of projects.

Lean on purpose: the snapshots repository's reads load whole rows (every EVM figure and
the health document of each), and the dashboard needs five columns of each of a thousand
projects and of their week-before rows, in one round trip."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ARRAY, Date, Uuid, any_, bindparam, literal_column, select, true
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import aliased

from services.reporting.dashboard.compose import Health, ProjectHealth
from services.reporting.dashboard.schemas import Rag
from services.reporting.models import ProjectSnapshot
from shared.reads import Query, Reader

WEEK_DAYS = 7
CENT = Decimal("0.01")


def _health_query() -> Query:
    latest = (
        select(
            ProjectSnapshot.project_id,
            ProjectSnapshot.day,
            ProjectSnapshot.effective_rag,
            ProjectSnapshot.eac,
        )
        .ext(distinct_on(ProjectSnapshot.project_id))
        .where(
            ProjectSnapshot.project_id == any_(bindparam("project_ids", type_=ARRAY(Uuid))),
            ProjectSnapshot.day <= bindparam("as_of", type_=Date),
        )
        .order_by(ProjectSnapshot.project_id, ProjectSnapshot.day.desc())
        .subquery("latest")
    )
    earlier = aliased(ProjectSnapshot)
    # The nearest snapshot a week or more before the latest (a missed day is skipped).
    week_before = (
        select(earlier.day, earlier.effective_rag)
        .where(
            earlier.project_id == latest.c.project_id,
            earlier.day <= latest.c.day - literal_column(str(WEEK_DAYS)),
        )
        .order_by(earlier.day.desc())
        .limit(1)
        .lateral("week_before")
    )
    return Query(
        select(
            latest.c.project_id,
            latest.c.day,
            latest.c.effective_rag.label("rag"),
            latest.c.eac,
            week_before.c.day.label("day_week_before"),
            week_before.c.effective_rag.label("rag_week_before"),
        ).outerjoin(week_before, true())
    )


_HEALTH = _health_query()


class DashboardRepository:
    async def health(self, reader: Reader, project_ids: list[uuid.UUID], as_of: date) -> Health:
        rows = await reader.all(_HEALTH, project_ids=project_ids, as_of=as_of)
        return {row["project_id"]: _health(row) for row in rows}


def _health(row: dict[str, Any]) -> ProjectHealth:
    before = row["rag_week_before"]
    return ProjectHealth(
        project_id=row["project_id"],
        day=row["day"],
        rag=Rag(row["rag"]),
        eac=row["eac"].quantize(CENT, ROUND_HALF_UP) if row["eac"] is not None else None,
        day_week_before=row["day_week_before"],
        rag_week_before=Rag(before) if before is not None else None,
    )
