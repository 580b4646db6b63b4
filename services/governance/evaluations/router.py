from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.governance.evaluations import service
from services.governance.evaluations.dependencies import Projects
from services.governance.evaluations.schemas import (
    EvaluationBatch,
    EvaluationCreate,
    EvaluationRead,
    EvaluationSummary,
    LatestEvaluations,
    PortfolioCompliance,
    ProjectCompliance,
)
from shared.auth import CurrentPrincipal
from shared.dependencies import Paging, ProjectIds, Read, Session
from shared.pagination import Page
from shared.repository import json_response

router = APIRouter(tags=["compliance"])
MAX_TREND = 500
MAX_DAYS = 3660


@router.post(
    "/v1/evaluations",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_evaluation",
    response_model=EvaluationBatch,
    responses={404: {"description": "The project or portfolio is unknown, or not visible."}},
)
async def create_evaluation(
    body: EvaluationCreate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
) -> Response:
    """Evaluate one project, or every project of a portfolio, against every applicable rule
    of every published standard; one evaluation is stored per project."""
    items = await service.evaluate_projects(session, principal, projects, body)
    return json_response({"items": items}, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/evaluations",
    operation_id="list_evaluations",
    response_model=Page[EvaluationSummary],
    responses={404: {"description": "`project_id` names a project the caller may not read."}},
)
async def list_evaluations(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    projects: Projects,
    project_id: uuid.UUID | None = None,
    portfolio_id: uuid.UUID | None = None,
) -> Response:
    """Evaluations newest first, without their findings."""
    items, cursor = await service.list_evaluations(
        reader, principal, projects, page, project_id=project_id, portfolio_id=portfolio_id
    )
    return json_response({"items": items, "next_cursor": cursor})


@router.get(
    "/v1/evaluations/latest",
    operation_id="list_latest_evaluations",
    response_model=LatestEvaluations,
)
async def list_latest_evaluations(
    principal: CurrentPrincipal, reader: Read, projects: Projects, project_ids: ProjectIds
) -> Response:
    """The newest evaluation of each project asked for (a batch read, without findings)."""
    items = await service.latest_evaluations(reader, principal, projects, project_ids)
    return json_response({"items": items})


@router.get(
    "/v1/evaluations/{evaluation_id}",
    operation_id="get_evaluation",
    response_model=EvaluationRead,
)
async def get_evaluation(
    evaluation_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, projects: Projects
) -> Response:
    """An evaluation with all its findings (one per applicable rule)."""
    return json_response(await service.get_evaluation(reader, principal, projects, evaluation_id))


@router.get(
    "/v1/projects/{project_id}/compliance",
    operation_id="get_project_compliance",
    response_model=ProjectCompliance,
)
async def get_project_compliance(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    projects: Projects,
    trend_limit: Annotated[int, Query(ge=1, le=MAX_TREND)] = 30,
) -> Response:
    """The project's latest evaluation with its findings, and its last scores."""
    answer = await service.project_compliance(reader, principal, projects, project_id, trend_limit)
    return json_response(answer)


@router.get(
    "/v1/portfolios/{portfolio_id}/compliance",
    operation_id="get_portfolio_compliance",
    response_model=PortfolioCompliance,
)
async def get_portfolio_compliance(
    portfolio_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS, description="Days of trend")] = 90,
) -> Response:
    """Each project's latest score in the portfolio, and the average score by day."""
    return json_response(await service.portfolio_compliance(reader, principal, portfolio_id, days))
