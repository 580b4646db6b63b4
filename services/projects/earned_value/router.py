from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.projects.earned_value import service
from services.projects.earned_value.schemas import (
    PortfolioEvm,
    ProgramEvm,
    ProjectEvm,
    ProjectMetricsBatch,
)
from services.projects.engine.calendar import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE
from shared.auth import CurrentPrincipal
from shared.dependencies import Read
from shared.errors import FieldError, ValidationFailed
from shared.pagination import parse_ids
from shared.repository import json_response

router = APIRouter(tags=["earned value"])

StatusDate = Annotated[
    date | None,
    Query(
        description="Measure through the end of this day (default: the project's status "
        "date, else today; a roll-up: today)."
    ),
]


def _status_date(value: date | None) -> date | None:
    """A date the calendars can count to (the scheduling engine's range)."""
    if value is not None and not DEFAULT_MIN_DATE <= value <= DEFAULT_MAX_DATE:
        raise ValidationFailed(
            f"status_date must be between {DEFAULT_MIN_DATE} and {DEFAULT_MAX_DATE}.",
            errors=[FieldError("status_date", "outside the supported range")],
        )
    return value


def _includes(raw: str | None) -> set[str]:
    parts = {part.strip() for part in (raw or "").split(",") if part.strip()}
    unknown = parts - service.INCLUDES
    if unknown:
        allowed = ", ".join(sorted(service.INCLUDES))
        raise ValidationFailed(
            f"include takes {allowed}.", errors=[FieldError("include", f"one of {allowed}")]
        )
    return parts


@router.get(
    "/v1/projects/{project_id}/evm", operation_id="get_project_evm", response_model=ProjectEvm
)
async def get_project_evm(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    status_date: StatusDate = None,
    include: Annotated[
        str | None, Query(description="Comma-separated: tasks (every task's figures), curve")
    ] = None,
) -> Response:
    """Earned value of the project at a status date against its current baseline: PV, EV,
    AC and BAC, the variances, indices and estimates, and earned schedule."""
    answer = await service.project_evm_of(
        reader, principal, project_id, _status_date(status_date), _includes(include)
    )
    return json_response(answer)


@router.get(
    "/v1/programs/{program_id}/evm", operation_id="get_program_evm", response_model=ProgramEvm
)
async def get_program_evm(
    program_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, status_date: StatusDate = None
) -> Response:
    """The program's projects (those the caller may read) rolled up at one status date."""
    answer = await service.program_evm_of(reader, principal, program_id, _status_date(status_date))
    return json_response(answer)


@router.get(
    "/v1/portfolios/{portfolio_id}/evm",
    operation_id="get_portfolio_evm",
    response_model=PortfolioEvm,
)
async def get_portfolio_evm(
    portfolio_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    status_date: StatusDate = None,
) -> Response:
    """The portfolio's projects (those the caller may read) rolled up at one status date."""
    answer = await service.portfolio_evm_of(
        reader, principal, portfolio_id, _status_date(status_date)
    )
    return json_response(answer)


@router.get(
    "/v1/project-metrics", operation_id="list_project_metrics", response_model=ProjectMetricsBatch
)
async def list_project_metrics(
    principal: CurrentPrincipal,
    reader: Read,
    project_ids: Annotated[
        str,
        Query(description=f"Comma-separated project ids (at most {service.MAX_METRICS_BATCH})"),
    ],
    status_date: StatusDate = None,
) -> Response:
    """What health and snapshots read about many projects in one answer, in the order
    asked: earned value, progress, float, overdue milestones, open risks and the last
    status update; unknown projects and those the caller may not read are left out."""
    ids = parse_ids(project_ids, max_ids=service.MAX_METRICS_BATCH, name="project_ids") or []
    items = await service.metrics_of_projects(reader, principal, ids, _status_date(status_date))
    return json_response({"items": items})
