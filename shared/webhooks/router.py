"""The webhook API every service serves (``/v1/webhook-subscriptions``,
``/v1/webhook-deliveries``), built for one service's tables and scope checks."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Session
from shared.pagination import Page
from shared.webhooks import service
from shared.webhooks.schemas import (
    DeliveryRead,
    DeliveryStatus,
    Replayed,
    ReplayRange,
    SubscriptionCreate,
    SubscriptionRead,
    SubscriptionUpdate,
    SubscriptionWithSecret,
)
from shared.webhooks.service import Caller, Webhooks

ALL = "/v1/webhook-subscriptions"
ONE = ALL + "/{subscription_id}"
MISSING: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such subscription, or not yours."}
}
SCOPE: dict[int | str, dict[str, Any]] = {
    403: {"description": "The scope needs admin/pmo, or the project's manager role."},
    404: {"description": "The project or portfolio is unknown or not visible."},
}
REPLAY: dict[int | str, dict[str, Any]] = {
    409: {
        "description": "The subscription is suspended: reactivate it with a PATCH first; or "
        "an event of the range was pruned (retention) while it was being replayed."
    },
    429: {
        "description": "The subscription's replay quota (events replayed per hour) would be "
        "exceeded; nothing was replayed. `Retry-After` says when there is room again."
    },
}
Statuses = Annotated[
    list[DeliveryStatus] | None, Query(alias="status", description="Only these statuses")
]


def webhook_router(hooks: Webhooks) -> APIRouter:
    router = APIRouter(tags=["webhooks"])
    _subscription_routes(router, hooks)
    _change_routes(router, hooks)
    _delivery_routes(router, hooks)
    return router


def _subscription_routes(router: APIRouter, hooks: Webhooks) -> None:
    @router.post(
        ALL,
        status_code=status.HTTP_201_CREATED,
        operation_id="create_webhook_subscription",
        responses=SCOPE,
    )
    async def create_webhook_subscription(
        body: SubscriptionCreate,
        request: Request,
        principal: CurrentPrincipal,
        session: Session,
        response: Response,
    ) -> SubscriptionWithSecret:
        """Subscribe a URL to this service's events: every type or `event_types`, every
        event (admin, pmo), a portfolio's (admin, pmo) or a project's (also its managers).
        Deliveries are signed per Standard Webhooks with `secret` (answered only here and
        on rotation)."""
        row = await service.create(hooks, Caller(request, session, principal), body)
        response.headers["Location"] = f"{ALL}/{row['id']}"
        set_etag(response, row["version"])
        return SubscriptionWithSecret.model_validate(row)

    @router.get(ALL, operation_id="list_webhook_subscriptions")
    async def list_webhook_subscriptions(
        request: Request, principal: CurrentPrincipal, session: Session, page: Paging
    ) -> Page[SubscriptionRead]:
        """Your subscriptions (admin and pmo: all), newest first."""
        items, cursor = await service.listing(hooks, Caller(request, session, principal), page)
        return Page(items=[SubscriptionRead.model_validate(i) for i in items], next_cursor=cursor)

    @router.get(ONE, operation_id="get_webhook_subscription", responses=MISSING)
    async def get_webhook_subscription(
        subscription_id: uuid.UUID,
        request: Request,
        principal: CurrentPrincipal,
        session: Session,
        response: Response,
    ) -> SubscriptionRead:
        row = await service.load(hooks, Caller(request, session, principal), subscription_id)
        set_etag(response, row["version"])
        return SubscriptionRead.model_validate(service.as_read(row))


def _change_routes(router: APIRouter, hooks: Webhooks) -> None:
    @router.patch(ONE, operation_id="update_webhook_subscription", responses={**SCOPE, **MISSING})
    async def update_webhook_subscription(
        subscription_id: uuid.UUID,
        body: SubscriptionUpdate,
        request: Request,
        principal: CurrentPrincipal,
        session: Session,
        response: Response,
        if_match: IfMatch,
    ) -> SubscriptionRead:
        """Change the URL, event types, scope, description, or pause it (`enabled`). The
        caller's right to the scope is checked again (admin and pmo live in the token: this
        is when a lost global role counts). A change to a `suspended` subscription
        reactivates it as the caller's, receiving events from now on (none in between)."""
        caller = Caller(request, session, principal)
        row = await service.change(hooks, caller, subscription_id, body, if_match)
        set_etag(response, row["version"])
        return SubscriptionRead.model_validate(row)

    @router.delete(
        ONE,
        status_code=status.HTTP_204_NO_CONTENT,
        operation_id="delete_webhook_subscription",
        responses=MISSING,
    )
    async def delete_webhook_subscription(
        subscription_id: uuid.UUID,
        request: Request,
        principal: CurrentPrincipal,
        session: Session,
        if_match: IfMatch,
    ) -> Response:
        """Delete the subscription with its delivery log; nothing more is sent."""
        caller = Caller(request, session, principal)
        await service.remove(hooks, caller, subscription_id, if_match)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @router.post(f"{ONE}/rotate-secret", operation_id="rotate_webhook_secret", responses=MISSING)
    async def rotate_webhook_secret(
        subscription_id: uuid.UUID,
        request: Request,
        principal: CurrentPrincipal,
        session: Session,
        response: Response,
        if_match: IfMatch,
    ) -> SubscriptionWithSecret:
        """A new secret. Until `previous_secret_expires_at` every delivery is signed with
        the old and the new secret, so receivers can switch without losing one."""
        caller = Caller(request, session, principal)
        row = await service.rotate(hooks, caller, subscription_id, if_match)
        set_etag(response, row["version"])
        return SubscriptionWithSecret.model_validate(row)


def _delivery_routes(router: APIRouter, hooks: Webhooks) -> None:
    @router.get(f"{ONE}/deliveries", operation_id="list_webhook_deliveries", responses=MISSING)
    async def list_webhook_deliveries(
        subscription_id: uuid.UUID,
        request: Request,
        principal: CurrentPrincipal,
        session: Session,
        page: Paging,
        statuses: Statuses = None,
    ) -> Page[DeliveryRead]:
        """The subscription's delivery log, newest first, with each delivery's tries."""
        caller = Caller(request, session, principal)
        wanted = [s.value for s in statuses or []]
        items, cursor = await service.deliveries(hooks, caller, subscription_id, wanted, page)
        return Page(items=[DeliveryRead.model_validate(i) for i in items], next_cursor=cursor)

    @router.post(
        "/v1/webhook-deliveries/{delivery_id}/replay",
        status_code=status.HTTP_201_CREATED,
        operation_id="replay_webhook_delivery",
        responses={
            404: {"description": "No such delivery (or pruned by retention), or not yours."},
            **REPLAY,
        },
    )
    async def replay_webhook_delivery(
        delivery_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: Session
    ) -> DeliveryRead:
        """Send the delivery's event again as a new delivery (same `webhook-id`); counts
        against the subscription's hourly replay quota."""
        caller = Caller(request, session, principal)
        row = await service.replay_delivery(hooks, caller, delivery_id)
        return DeliveryRead.model_validate(row)

    @router.post(
        f"{ONE}/replay",
        status_code=status.HTTP_202_ACCEPTED,
        operation_id="replay_webhook_events",
        responses={**MISSING, **REPLAY},
    )
    async def replay_webhook_events(
        subscription_id: uuid.UUID,
        body: ReplayRange,
        request: Request,
        principal: CurrentPrincipal,
        session: Session,
    ) -> Replayed:
        """Send again every event of the subscription that occurred in [`from`, `to`]; all
        of them count against the hourly replay quota (over it, none is sent: 429)."""
        caller = Caller(request, session, principal)
        row = await service.replay_range(hooks, caller, subscription_id, body)
        return Replayed.model_validate(row)


# The summary of each webhook operation, in every service's OpenAPI table.
SUMMARIES: dict[str, str] = {
    "create_webhook_subscription": "Subscribe a URL to this service's events",
    "list_webhook_subscriptions": "List webhook subscriptions, newest first",
    "get_webhook_subscription": "Get a webhook subscription",
    "update_webhook_subscription": "Change a webhook subscription",
    "delete_webhook_subscription": "Delete a webhook subscription and its delivery log",
    "rotate_webhook_secret": "Rotate a webhook subscription's signing secret",
    "list_webhook_deliveries": "List a webhook subscription's deliveries with their tries",
    "replay_webhook_delivery": "Send one delivered event again",
    "replay_webhook_events": "Send again the events of a time range",
}
