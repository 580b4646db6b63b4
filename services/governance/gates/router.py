from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from services.governance.dependencies import Phases, Projects
from services.governance.gates import decisions, service
from services.governance.gates.schemas import (
    ChecklistCheck,
    DecisionCreate,
    GateReviewOpen,
    GateReviewRead,
    ProjectFilter,
    ReviewState,
)
from services.governance.lifecycles.schemas import Key
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import MAX_LIMIT, Page, parse_ids

router = APIRouter(prefix="/v1/gate-reviews", tags=["gate reviews"])
ONE = "/{review_id}"


def _answer(review: GateReviewRead, response: Response) -> GateReviewRead:
    set_etag(response, review.version)
    return review


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="open_gate_review")
async def open_gate_review(
    body: GateReviewOpen,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
) -> GateReviewRead:
    review = await service.open_review(session, principal, projects, body)
    response.headers["Location"] = f"/v1/gate-reviews/{review.id}"
    return _answer(review, response)


@router.get("", operation_id="list_gate_reviews")
async def list_gate_reviews(
    principal: CurrentPrincipal,
    reader: Read,
    projects: Projects,
    page: Paging,
    project_id: Annotated[
        uuid.UUID | None, Query(description="One project's reviews (else pmo/executive/admin)")
    ] = None,
    project_ids: Annotated[
        str | None,
        Query(
            description=(
                f"Comma-separated project ids (at most {MAX_LIMIT}): the reviews of those "
                "the caller may read (a batch read, open to every role)"
            )
        ),
    ] = None,
    state: ReviewState | None = None,
    sort: Annotated[str | None, Query(description="created_at, to_phase; '-' descending")] = None,
) -> Page[GateReviewRead]:
    items, cursor = await service.list_reviews(
        reader,
        principal,
        projects,
        page,
        sort,
        ProjectFilter(project_id, parse_ids(project_ids, name="project_ids")),
        state=state.value if state else None,
    )
    return Page[GateReviewRead](items=items, next_cursor=cursor)


@router.get(ONE, operation_id="get_gate_review")
async def get_gate_review(
    review_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    projects: Projects,
    response: Response,
) -> GateReviewRead:
    return _answer(await service.get_review(reader, principal, projects, review_id), response)


@router.post(ONE + "/evaluate", operation_id="evaluate_gate_review")
async def evaluate_gate_review(
    review_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
    if_match: IfMatch,
) -> GateReviewRead:
    review = await service.evaluate_review(session, principal, projects, review_id, if_match)
    return _answer(review, response)


@router.put(ONE + "/checklist/{item_key}", operation_id="check_gate_review_item")
async def check_gate_review_item(
    review_id: uuid.UUID,
    item_key: Annotated[Key, Path()],
    body: ChecklistCheck,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
    if_match: IfMatch,
) -> GateReviewRead:
    review = await service.check_item(
        session, principal, projects, (review_id, item_key), body, if_match
    )
    return _answer(review, response)


@router.post(ONE + "/decisions", operation_id="decide_gate_review")
async def decide_gate_review(
    review_id: uuid.UUID,
    body: DecisionCreate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    phases: Phases,
    response: Response,
    if_match: IfMatch,
) -> GateReviewRead:
    review = await decisions.decide(
        session, principal, (projects, phases), review_id, body, if_match
    )
    return _answer(review, response)
