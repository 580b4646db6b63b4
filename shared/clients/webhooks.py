"""Webhook subscriptions (every service serves ``/v1/webhook-subscriptions``): what a
service needs to subscribe itself to another's events (reporting to the projects service's)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from shared.clients import InputModel, Operation, TypedClient, WireModel
from shared.clients import page_params as paging
from shared.pagination import Page


class OwnerKind(StrEnum):
    global_ = "global"
    project_manager = "project_manager"
    integration = "integration"
    internal = "internal"


class SubscriptionStatus(StrEnum):
    active = "active"
    suspended = "suspended"


class WebhookSubscriptionDTO(WireModel):
    id: uuid.UUID
    url: str
    description: str | None = None
    event_types: list[str] = Field(default_factory=list)
    project_id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None
    enabled: bool
    owner: str
    owner_kind: OwnerKind = OwnerKind.global_
    status: SubscriptionStatus = SubscriptionStatus.active
    suspended_reason: str | None = None
    suspended_at: datetime | None = None
    version: int
    previous_secret_expires_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class WebhookSubscriptionWithSecretDTO(WebhookSubscriptionDTO):
    secret: str


class WebhookSubscriptionCreate(InputModel):
    url: str
    event_types: list[str] = Field(default_factory=list)
    project_id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None
    description: str | None = None
    secret: str | None = None


ALL = "/v1/webhook-subscriptions"
CREATE_WEBHOOK_SUBSCRIPTION = Operation(
    "create_webhook_subscription",
    "POST",
    ALL,
    WebhookSubscriptionWithSecretDTO,
    body=WebhookSubscriptionCreate,
)
LIST_WEBHOOK_SUBSCRIPTIONS = Operation(
    "list_webhook_subscriptions", "GET", ALL, Page[WebhookSubscriptionDTO]
)
DELETE_WEBHOOK_SUBSCRIPTION: Operation[Any] = Operation(
    "delete_webhook_subscription", "DELETE", ALL + "/{subscription_id}", None
)


class WebhookSubscriptionEndpoints(TypedClient):
    async def create_webhook_subscription(
        self, data: WebhookSubscriptionCreate
    ) -> WebhookSubscriptionWithSecretDTO:
        return await self.send(CREATE_WEBHOOK_SUBSCRIPTION, data)

    async def list_webhook_subscriptions(
        self, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[WebhookSubscriptionDTO]:
        """The caller's subscriptions (admin and pmo: all), newest first."""
        return await self.fetch(LIST_WEBHOOK_SUBSCRIPTIONS, params=paging(limit, cursor))

    async def delete_webhook_subscription(self, subscription_id: uuid.UUID) -> None:
        await self.send_no_content(
            DELETE_WEBHOOK_SUBSCRIPTION, path={"subscription_id": subscription_id}
        )
