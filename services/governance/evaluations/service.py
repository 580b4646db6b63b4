"""Evaluate projects against every applicable rule of every published standard, store
each evaluation with its findings (append-only history), and read the history back.

Who may evaluate: admin and pmo any project or portfolio; anyone else one project they
may read (the facts read, made with the caller's token, answers 404 otherwise). Reads
follow the same line: the global read roles see every evaluation; others name a project
they may read, which the projects service confirms."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.evaluations import sources, views
from services.governance.evaluations.engine import PreparedRule, Result, evaluate, prepare
from services.governance.evaluations.repository import EvaluationRepository
from services.governance.evaluations.schemas import EvaluationCreate
from services.governance.rules.base import Facts
from services.governance.standard_rules import service as rules
from shared.auth import READ_ALL_ROLES, GlobalRole, Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.facts import ProjectFactsDTO
from shared.errors import Forbidden, NotFound
from shared.pagination import PageParams
from shared.reads import Reader

repository = EvaluationRepository()
PORTFOLIO_EVALUATORS = (GlobalRole.admin, GlobalRole.pmo)


async def _target_ids(
    client: ProjectsClient, principal: Principal, target: EvaluationCreate
) -> list[uuid.UUID]:
    if target.project_id is not None:
        return [target.project_id]
    assert target.portfolio_id is not None
    principal.require_any(*PORTFOLIO_EVALUATORS)
    return await sources.project_ids_of_portfolio(client, target.portfolio_id)


def _run(
    prepared: Sequence[PreparedRule],
    facts: Sequence[ProjectFactsDTO],
    own: dict[uuid.UUID, sources.GovernanceFacts],
) -> list[Result]:
    results = []
    for project in facts:
        known = own.get(project.project_id, sources.NO_GOVERNANCE_FACTS)
        results.append(evaluate(prepared, Facts(project, known.approved_gates, known.deliverables)))
    return results


async def _results(
    client: ProjectsClient,
    target: EvaluationCreate,
    ids: list[uuid.UUID],
    prepared: Sequence[PreparedRule],
    own: dict[uuid.UUID, sources.GovernanceFacts],
) -> list[Result]:
    """Each project's result, in the order of ``ids``; a portfolio's batches are evaluated
    as they arrive."""
    if target.project_id is not None:
        return _run(prepared, [await sources.facts_of_project(client, target.project_id)], own)
    results: list[Result] = []
    async for batch in sources.facts_in_batches(client, ids):
        results += _run(prepared, batch, own)
    order = {project_id: i for i, project_id in enumerate(ids)}
    return sorted(results, key=lambda result: order[result.project.project_id])


async def evaluate_projects(
    session: AsyncSession,
    principal: Principal,
    client: ProjectsClient,
    target: EvaluationCreate,
) -> list[dict[str, Any]]:
    """Evaluates and stores one evaluation per project; nothing is stored unless every
    fact was read."""
    ids = await _target_ids(client, principal, target)
    prepared = [prepare(row) for row in await rules.published_rules(session)]
    own = await sources.governance_facts(session, ids)
    results = await _results(client, target, ids, prepared, own)
    run = {
        "batch_id": uuid.uuid4(),
        "evaluated_at": datetime.now(UTC),
        "evaluator": principal.subject,
    }
    evaluation_ids = [uuid.uuid4() for _ in results]
    evaluations, findings = views.columns_of(evaluation_ids, results)
    await repository.insert(session, run, evaluations, findings)
    return [
        views.summary_of_result(run, i, r) for i, r in zip(evaluation_ids, results, strict=True)
    ]


async def _ensure_can_read(
    principal: Principal, client: ProjectsClient, project_id: uuid.UUID | None
) -> None:
    """The global read roles read everything; others one project they may read."""
    if principal.can_read_all:
        return
    if project_id is None:
        roles = ", ".join(sorted(r.value for r in READ_ALL_ROLES))
        raise Forbidden(
            f"Reading compliance across projects needs one of the roles: {roles}; "
            "project members read their project's."
        )
    await client.get_project(project_id)  # 404 unless the caller may read the project


async def _with_findings(reader: Reader, row: dict[str, Any]) -> dict[str, Any]:
    findings = await repository.findings(reader, row["id"])
    view = views.evaluation_view(row)
    view["findings"] = [views.finding_view(f) for f in findings]
    return view


async def get_evaluation(
    reader: Reader, principal: Principal, client: ProjectsClient, evaluation_id: uuid.UUID
) -> dict[str, Any]:
    row = await repository.get(reader, evaluation_id)
    if row is None:
        raise NotFound(f"Evaluation {evaluation_id} not found.")
    try:
        await _ensure_can_read(principal, client, row["project_id"])
    except NotFound:  # its project's id stays unsaid, as for an unknown evaluation
        raise NotFound(f"Evaluation {evaluation_id} not found.") from None
    return await _with_findings(reader, row)


async def list_evaluations(
    reader: Reader,
    principal: Principal,
    client: ProjectsClient,
    page: PageParams,
    *,
    project_id: uuid.UUID | None,
    portfolio_id: uuid.UUID | None,
) -> tuple[list[dict[str, Any]], str | None]:
    await _ensure_can_read(principal, client, project_id)
    rows, cursor = await repository.page(
        reader, page, project_id=project_id, portfolio_id=portfolio_id
    )
    return [views.evaluation_view(row) for row in rows], cursor


async def project_compliance(
    reader: Reader,
    principal: Principal,
    client: ProjectsClient,
    project_id: uuid.UUID,
    trend_limit: int,
) -> dict[str, Any]:
    """The newest evaluation with its findings, and the last scores oldest first."""
    await _ensure_can_read(principal, client, project_id)
    trend = await repository.trend(reader, project_id, trend_limit)
    latest = None
    if trend:
        row = await repository.get(reader, trend[0]["id"])
        latest = await _with_findings(reader, row) if row is not None else None
    return {"project_id": project_id, "latest": latest, "trend": views.trend_view(trend)}


async def latest_evaluations(
    reader: Reader, principal: Principal, client: ProjectsClient, project_ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """The newest evaluation of each project asked for (the gateway's batch read); projects
    the caller may not read are left out, as unknown ones."""
    if not principal.can_read_all and project_ids:
        project_ids = [p.id for p in await client.projects_by_ids(project_ids)]
    if not project_ids:
        return []
    rows = await repository.latest_of_projects(reader, project_ids)
    return [views.evaluation_view(row) for row in rows]


async def portfolio_compliance(
    reader: Reader, principal: Principal, portfolio_id: uuid.UUID, days: int
) -> dict[str, Any]:
    """Each project's latest evaluation in the portfolio, their average, and the average
    by UTC day over the last ``days`` days."""
    principal.require_any(*READ_ALL_ROLES)
    latest = await repository.latest_in_portfolio(reader, portfolio_id)
    since = datetime.now(UTC) - timedelta(days=days)
    trend = await repository.portfolio_days(reader, portfolio_id, since)
    return {
        "portfolio_id": portfolio_id,
        "average_score": views.average_score(latest),
        "projects": [views.evaluation_view(row) for row in latest],
        "trend": [views.day_view(day) for day in trend],
    }
