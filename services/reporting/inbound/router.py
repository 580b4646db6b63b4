from __future__ import annotations

from fastapi import APIRouter, Request

from services.reporting.inbound import service
from services.reporting.inbound.schemas import EventReceived
from shared.dependencies import Session

router = APIRouter(tags=["events"])

_SIGNED = (
    "Not signed with reporting's subscription secret, wrongly signed, or signed more than "
    "five minutes ago (a replay): nothing is recorded or refreshed."
)
_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_EVENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "An event of the projects service (its event payload).",
                    "additionalProperties": True,
                }
            }
        },
    }
}


@router.post(
    service.PATH,
    operation_id="receive_project_events",
    responses={401: {"description": _SIGNED, "content": _PROBLEM}},
    openapi_extra=_EVENT_BODY,
)
async def receive_project_events(request: Request, session: Session) -> EventReceived:
    """A webhook of the projects service (Standard Webhooks: ``webhook-id``,
    ``webhook-timestamp``, ``webhook-signature``), signed with the secret reporting
    registered its subscription with; no bearer token. An event already received (same
    ``webhook-id``) is answered and ignored; one that changes what a snapshot measures
    refreshes its project's snapshot and health shortly after the answer."""
    state = request.app.state
    return await service.receive(
        session,
        await request.body(),
        request.headers,
        [state.events_secret],
        state.event_refresher,
    )
