"""Compliance evaluations (governance service): evaluate a project or a portfolio against
the published standards, and read the history, latest and trends."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from shared.clients import InputModel, Operation, TypedClient, WireModel, chunks, join_ids
from shared.clients import page_params as paging
from shared.clients.governance.rules import Severity
from shared.pagination import Page


class FindingStatus(StrEnum):
    passed = "pass"
    failed = "fail"
    not_applicable = "not_applicable"


class StatusCountsDTO(WireModel):
    passed: int
    failed: int
    not_applicable: int


class SeverityCountsDTO(WireModel):
    info: StatusCountsDTO
    minor: StatusCountsDTO
    major: StatusCountsDTO
    critical: StatusCountsDTO


class EvaluationDTO(WireModel):
    """An evaluation without its findings."""

    id: uuid.UUID
    batch_id: uuid.UUID
    project_id: uuid.UUID
    portfolio_id: uuid.UUID | None = None
    evaluated_at: datetime
    evaluator: str
    score: float | None = None
    passed: int
    failed: int
    not_applicable: int
    by_severity: SeverityCountsDTO
    standard_ids: list[uuid.UUID]


class FindingDTO(WireModel):
    id: uuid.UUID
    position: int
    rule_id: uuid.UUID
    rule_title: str | None = None
    standard_id: uuid.UUID
    standard_key: str
    standard_revision: int
    kind: str
    severity: Severity
    weight: float
    status: FindingStatus
    message: str
    evidence: dict[str, Any]


class EvaluationWithFindingsDTO(EvaluationDTO):
    findings: list[FindingDTO]


class EvaluationsDTO(WireModel):
    items: list[EvaluationDTO]


class TrendPointDTO(WireModel):
    evaluation_id: uuid.UUID
    evaluated_at: datetime
    score: float | None = None


class ProjectComplianceDTO(WireModel):
    project_id: uuid.UUID
    latest: EvaluationWithFindingsDTO | None = None
    trend: list[TrendPointDTO]


class PortfolioDayDTO(WireModel):
    day: date
    average_score: float | None = None
    projects: int


class PortfolioComplianceDTO(WireModel):
    portfolio_id: uuid.UUID
    average_score: float | None = None
    projects: list[EvaluationDTO]
    trend: list[PortfolioDayDTO]


class EvaluationCreate(InputModel):
    """Exactly one of the two."""

    project_id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None


CREATE_EVALUATION = Operation(
    "create_evaluation", "POST", "/v1/evaluations", EvaluationsDTO, body=EvaluationCreate
)
LIST_EVALUATIONS = Operation("list_evaluations", "GET", "/v1/evaluations", Page[EvaluationDTO])
LIST_LATEST_EVALUATIONS = Operation(
    "list_latest_evaluations", "GET", "/v1/evaluations/latest", EvaluationsDTO
)
GET_EVALUATION = Operation(
    "get_evaluation", "GET", "/v1/evaluations/{evaluation_id}", EvaluationWithFindingsDTO
)
GET_PROJECT_COMPLIANCE = Operation(
    "get_project_compliance",
    "GET",
    "/v1/projects/{project_id}/compliance",
    ProjectComplianceDTO,
)
GET_PORTFOLIO_COMPLIANCE = Operation(
    "get_portfolio_compliance",
    "GET",
    "/v1/portfolios/{portfolio_id}/compliance",
    PortfolioComplianceDTO,
)


class ComplianceEndpoints(TypedClient):
    async def evaluate(
        self, data: EvaluationCreate, *, idempotency_key: str | None = None
    ) -> list[EvaluationDTO]:
        """One evaluation per project evaluated (one, or each of the portfolio's)."""
        answer = await self.send(CREATE_EVALUATION, data, idempotency_key=idempotency_key)
        return answer.items

    async def list_evaluations(
        self,
        *,
        project_id: uuid.UUID | None = None,
        portfolio_id: uuid.UUID | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[EvaluationDTO]:
        params = paging(
            limit,
            cursor,
            project_id=str(project_id) if project_id else None,
            portfolio_id=str(portfolio_id) if portfolio_id else None,
        )
        return await self.fetch(LIST_EVALUATIONS, params=params)

    async def latest_evaluations(self, project_ids: list[uuid.UUID]) -> list[EvaluationDTO]:
        """The newest evaluation of each project that has one, one call per 500 projects."""
        found: list[EvaluationDTO] = []
        for batch in chunks(project_ids):
            params = {"project_ids": join_ids(batch)}
            found.extend((await self.fetch(LIST_LATEST_EVALUATIONS, params=params)).items)
        return found

    async def get_evaluation(self, evaluation_id: uuid.UUID) -> EvaluationWithFindingsDTO:
        return await self.fetch(GET_EVALUATION, path={"evaluation_id": evaluation_id})

    async def project_compliance(
        self, project_id: uuid.UUID, *, trend_limit: int | None = None
    ) -> ProjectComplianceDTO:
        params = {"trend_limit": trend_limit} if trend_limit is not None else None
        return await self.fetch(
            GET_PROJECT_COMPLIANCE, path={"project_id": project_id}, params=params
        )

    async def portfolio_compliance(
        self, portfolio_id: uuid.UUID, *, days: int | None = None
    ) -> PortfolioComplianceDTO:
        params = {"days": days} if days is not None else None
        return await self.fetch(
            GET_PORTFOLIO_COMPLIANCE, path={"portfolio_id": portfolio_id}, params=params
        )


__all__ = [
    "ComplianceEndpoints",
    "EvaluationCreate",
    "EvaluationDTO",
    "EvaluationWithFindingsDTO",
    "FindingDTO",
    "FindingStatus",
    "PortfolioComplianceDTO",
    "ProjectComplianceDTO",
]
