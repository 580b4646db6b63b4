"""Every statement about evaluations: the bulk insert of a run (one statement for the
evaluations, one for all their findings, whatever the number of projects), and the reads
of the history: pages, one evaluation with its findings, latest and trends."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, DateTime, Integer, Uuid, any_, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Evaluation, EvaluationFinding
from shared.pagination import PageParams
from shared.reads import AnySelect, Query, QueryCache, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

COLUMNS = tuple(Evaluation.__table__.c)
FINDING_COLUMNS = tuple(EvaluationFinding.__table__.c)
NEWEST_FIRST = SortSpec(
    name="-evaluated_at", column=Evaluation.evaluated_at.expression, descending=True
)

# Rows arrive as parallel arrays (one per column): a run is one INSERT however many rows.
_INSERT_EVALUATIONS = text(
    """
    INSERT INTO evaluations (id, batch_id, project_id, portfolio_id, evaluated_at, evaluator,
        score, passed, failed, not_applicable, by_severity, standard_ids)
    SELECT r.id, :batch_id, r.project_id, r.portfolio_id, :evaluated_at, :evaluator, r.score,
        r.passed, r.failed, r.not_applicable, r.by_severity::jsonb,
        string_to_array(r.standard_ids, ',')::uuid[]
    FROM unnest(CAST(:ids AS uuid[]), CAST(:project_ids AS uuid[]),
        CAST(:portfolio_ids AS uuid[]), CAST(:scores AS numeric[]), CAST(:passed AS int[]),
        CAST(:failed AS int[]), CAST(:not_applicable AS int[]), CAST(:by_severity AS text[]),
        CAST(:standard_ids AS text[]))
        AS r(id, project_id, portfolio_id, score, passed, failed, not_applicable, by_severity,
             standard_ids)
    """
)
_INSERT_FINDINGS = text(
    """
    INSERT INTO evaluation_findings (id, evaluation_id, position, rule_id, rule_title,
        standard_id, standard_key, standard_revision, kind, severity, weight, status, message,
        evidence)
    SELECT gen_random_uuid(), f.evaluation_id, f.position, f.rule_id, f.rule_title,
        f.standard_id, f.standard_key, f.standard_revision, f.kind, f.severity, f.weight,
        f.status, f.message, f.evidence::jsonb
    FROM unnest(CAST(:evaluation_ids AS uuid[]), CAST(:positions AS int[]),
        CAST(:rule_ids AS uuid[]), CAST(:rule_titles AS text[]), CAST(:standard_ids AS uuid[]),
        CAST(:standard_keys AS text[]), CAST(:standard_revisions AS int[]),
        CAST(:kinds AS text[]), CAST(:severities AS text[]), CAST(:weights AS numeric[]),
        CAST(:statuses AS text[]), CAST(:messages AS text[]), CAST(:evidence AS text[]))
        AS f(evaluation_id, position, rule_id, rule_title, standard_id, standard_key,
             standard_revision, kind, severity, weight, status, message, evidence)
    """
)

_GET = Query(select(*COLUMNS).where(Evaluation.id == bindparam("evaluation_id", type_=Uuid)))
_FINDINGS = Query(
    select(*FINDING_COLUMNS)
    .where(EvaluationFinding.evaluation_id == bindparam("evaluation_id", type_=Uuid))
    .order_by(EvaluationFinding.position)
)
_TREND = Query(
    select(Evaluation.id, Evaluation.evaluated_at, Evaluation.score)
    .where(Evaluation.project_id == bindparam("project_id", type_=Uuid))
    .order_by(Evaluation.evaluated_at.desc(), Evaluation.id.desc())
    .limit(bindparam("limit", type_=Integer))
)
_NEWEST_PER_PROJECT = (Evaluation.project_id, Evaluation.evaluated_at.desc(), Evaluation.id.desc())
_LATEST_OF_PROJECTS = Query(
    select(*COLUMNS)
    .ext(distinct_on(Evaluation.project_id))
    .where(Evaluation.project_id == any_(bindparam("project_ids", type_=ARRAY(Uuid))))
    .order_by(*_NEWEST_PER_PROJECT)
)
_LATEST_IN_PORTFOLIO = Query(
    select(*COLUMNS)
    .ext(distinct_on(Evaluation.project_id))
    .where(Evaluation.portfolio_id == bindparam("portfolio_id", type_=Uuid))
    .order_by(*_NEWEST_PER_PROJECT)
)


def _portfolio_days() -> AnySelect:
    """Per UTC day: the average of each project's last score that day."""
    day = func.date(func.timezone("UTC", Evaluation.evaluated_at)).label("day")
    last_of_day = (
        select(Evaluation.project_id, day, Evaluation.score)
        .ext(distinct_on(Evaluation.project_id, day))
        .where(
            Evaluation.portfolio_id == bindparam("portfolio_id", type_=Uuid),
            Evaluation.evaluated_at >= bindparam("since", type_=DateTime(timezone=True)),
        )
        .order_by(Evaluation.project_id, day, Evaluation.evaluated_at.desc(), Evaluation.id.desc())
        .subquery()
    )
    return (
        select(
            last_of_day.c.day,
            func.round(func.avg(last_of_day.c.score), 2).label("average_score"),
            func.count().label("projects"),
        )
        .group_by(last_of_day.c.day)
        .order_by(last_of_day.c.day)
    )


_PORTFOLIO_DAYS = Query(_portfolio_days())


class EvaluationRepository:
    def __init__(self) -> None:
        self._lists = QueryCache()

    async def insert(
        self,
        session: AsyncSession,
        run: dict[str, Any],
        evaluations: dict[str, list[Any]],
        findings: dict[str, list[Any]],
    ) -> None:
        """``run``: batch_id, evaluated_at, evaluator; the others: one list per column."""
        await session.execute(_INSERT_EVALUATIONS, {**run, **evaluations})
        if findings["evaluation_ids"]:
            await session.execute(_INSERT_FINDINGS, findings)

    async def get(self, reader: Reader, evaluation_id: uuid.UUID) -> dict[str, Any] | None:
        return await reader.one(_GET, evaluation_id=evaluation_id)

    async def findings(self, reader: Reader, evaluation_id: uuid.UUID) -> list[dict[str, Any]]:
        return await reader.all(_FINDINGS, evaluation_id=evaluation_id)

    async def page(
        self,
        reader: Reader,
        page: PageParams,
        *,
        project_id: uuid.UUID | None,
        portfolio_id: uuid.UUID | None,
    ) -> tuple[list[Any], str | None]:
        filters = {"project_id": project_id, "portfolio_id": portfolio_id}
        given = {k: v for k, v in filters.items() if v is not None}
        params = given | keyset_params(NEWEST_FIRST, page)
        names = frozenset(params)

        def build() -> AnySelect:
            stmt = select(*COLUMNS)
            for name in sorted(given):
                stmt = stmt.where(Evaluation.__table__.c[name] == bindparam(name, type_=Uuid))
            return keyset(stmt, NEWEST_FIRST, Evaluation.id.expression, after="after_id" in names)

        rows = await reader.all(self._lists.get(names, build), **params)
        return page_of(rows, NEWEST_FIRST, "evaluated_at", page)

    async def trend(
        self, reader: Reader, project_id: uuid.UUID, limit: int
    ) -> list[dict[str, Any]]:
        """The project's last ``limit`` evaluations (id, evaluated_at, score), newest first."""
        return await reader.all(_TREND, project_id=project_id, limit=limit)

    async def latest_of_projects(
        self, reader: Reader, project_ids: list[uuid.UUID]
    ) -> list[dict[str, Any]]:
        return await reader.all(_LATEST_OF_PROJECTS, project_ids=project_ids)

    async def latest_in_portfolio(
        self, reader: Reader, portfolio_id: uuid.UUID
    ) -> list[dict[str, Any]]:
        return await reader.all(_LATEST_IN_PORTFOLIO, portfolio_id=portfolio_id)

    async def portfolio_days(
        self, reader: Reader, portfolio_id: uuid.UUID, since: datetime
    ) -> list[dict[str, Any]]:
        return await reader.all(_PORTFOLIO_DAYS, portfolio_id=portfolio_id, since=since)
