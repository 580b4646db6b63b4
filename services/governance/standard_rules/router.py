from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from services.governance.standard_rules import service
from services.governance.standard_rules.schemas import (
    RuleCreate,
    RuleKindList,
    RulePagesByStandard,
    RuleRead,
    RuleUpdate,
)
from shared.auth import CurrentPrincipal
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["standards"])
RULES = "/v1/standards/{standard_id}/rules"
ONE_RULE = RULES + "/{rule_id}"


def _written(rule: dict[str, Any], status_code: int = 200) -> Response:
    return versioned_response(rule, status_code=status_code)


@router.get(
    "/v1/rule-kinds", operation_id="list_rule_kinds", response_model=RuleKindList, tags=["rules"]
)
async def list_rule_kinds(principal: CurrentPrincipal) -> Response:
    """Every rule kind a standard's rule may name, with the JSON Schema of its parameters."""
    return json_response({"items": service.list_rule_kinds()})


@router.post(
    RULES,
    status_code=status.HTTP_201_CREATED,
    operation_id="create_standard_rule",
    response_model=RuleRead,
)
async def create_standard_rule(
    standard_id: uuid.UUID, body: RuleCreate, principal: CurrentPrincipal, session: Session
) -> Response:
    rule = await service.create_rule(session, principal, standard_id, body)
    response = _written(rule, status.HTTP_201_CREATED)
    response.headers["Location"] = f"/v1/standards/{standard_id}/rules/{rule['id']}"
    return response


@router.get(RULES, operation_id="list_standard_rules", response_model=Page[RuleRead])
async def list_standard_rules(
    standard_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, page: Paging
) -> Response:
    """The revision's rules in their order."""
    items, cursor = await service.list_rules(reader, standard_id, page)
    return json_response({"items": items, "next_cursor": cursor})


@router.get(
    "/v1/standard-rules/first-pages",
    operation_id="list_first_standard_rule_pages",
    response_model=RulePagesByStandard,
)
async def list_first_standard_rule_pages(
    principal: CurrentPrincipal,
    reader: Read,
    standard_ids: Annotated[
        str, Query(description=f"Comma-separated standard ids (at most {MAX_LIMIT})")
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rules per standard")] = (
        DEFAULT_LIMIT
    ),
) -> Response:
    """The first rules (in order) of many standards at once: the gateway's DataLoader
    batch. Each ``next_cursor`` continues in the standard's own list."""
    ids = parse_ids(standard_ids, name="standard_ids") or []
    return json_response({"items": await service.first_rule_pages(reader, ids, limit)})


@router.get(ONE_RULE, operation_id="get_standard_rule", response_model=RuleRead)
async def get_standard_rule(
    standard_id: uuid.UUID, rule_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    return versioned_response(await service.get_rule(reader, standard_id, rule_id))


@router.patch(ONE_RULE, operation_id="update_standard_rule", response_model=RuleRead)
async def update_standard_rule(
    standard_id: uuid.UUID,
    rule_id: uuid.UUID,
    body: RuleUpdate,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch,
) -> Response:
    """Change a rule of a draft revision; null leaves kind, params, severity, weight and
    scope unchanged and clears title or description."""
    rule = await service.update_rule(session, principal, standard_id, rule_id, body, if_match)
    return _written(rule)


@router.delete(
    ONE_RULE, status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_standard_rule"
)
async def delete_standard_rule(
    standard_id: uuid.UUID,
    rule_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch,
) -> Response:
    await service.delete_rule(session, principal, standard_id, rule_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
