"""Request and answer bodies of the webhook API."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.events.signing import is_valid_secret

EVENT_TYPE_PATTERN = r"^[a-z][a-z0-9_]{0,62}\.[a-z][a-z0-9_]{0,30}$"
EventType = Annotated[
    str, Field(min_length=3, max_length=96, pattern=EVENT_TYPE_PATTERN, examples=["task.created"])
]
Url = Annotated[
    str,
    Field(
        min_length=1,
        max_length=2048,
        description="An https (or http) URL; not loopback, private or link-local.",
        examples=["https://example.com/hooks/pmo"],
    ),
]
Secret = Annotated[
    str,
    Field(
        min_length=10,
        max_length=200,
        description='Your own signing secret ("whsec_" + base64 of 24 to 64 bytes); '
        "generated when left out.",
    ),
]
Description = Annotated[str, Field(min_length=1, max_length=500)]


class DeliveryStatus(StrEnum):
    pending = "pending"
    delivering = "delivering"
    succeeded = "succeeded"
    dead = "dead"


class OwnerKind(StrEnum):
    global_ = "global"
    project_manager = "project_manager"
    integration = "integration"
    internal = "internal"


class SubscriptionStatus(StrEnum):
    active = "active"
    suspended = "suspended"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_secret(value: str | None) -> str | None:
    if value is not None and not is_valid_secret(value):
        raise ValueError('must be "whsec_" followed by base64 of 24 to 64 random bytes')
    return value


class SubscriptionCreate(_Strict):
    url: Url
    event_types: list[EventType] = Field(
        default_factory=list, max_length=100, description="Empty: every event type."
    )
    project_id: uuid.UUID | None = Field(default=None, description="Only this project's events.")
    portfolio_id: uuid.UUID | None = Field(
        default=None, description="Only events of this portfolio's projects."
    )
    description: Description | None = None
    secret: Secret | None = None

    _secret = field_validator("secret")(_check_secret)

    @model_validator(mode="after")
    def _one_scope(self) -> SubscriptionCreate:
        if self.project_id is not None and self.portfolio_id is not None:
            raise ValueError("give project_id or portfolio_id, not both")
        return self


class SubscriptionUpdate(_Strict):
    """Fields left out keep their value; `null` clears description and the scope. Any
    change to a suspended subscription reactivates it (as the caller's)."""

    url: Url | None = None
    event_types: list[EventType] | None = Field(default=None, max_length=100)
    project_id: uuid.UUID | None = None
    portfolio_id: uuid.UUID | None = None
    description: Description | None = None
    enabled: bool | None = None


class SubscriptionRead(BaseModel):
    id: uuid.UUID
    url: str
    description: str | None
    event_types: list[str]
    project_id: uuid.UUID | None
    portfolio_id: uuid.UUID | None
    enabled: bool
    owner: str
    owner_kind: OwnerKind = Field(
        description="How the owner may subscribe: `global` (admin or pmo, checked when the "
        "subscription is created or changed), `integration` (a service token within its "
        "limits, which its token carries: checked when the subscription is created or "
        "changed), `project_manager` (re-checked with the project's membership before "
        "deliveries go out) or `internal` (one of our own services, by the role its token "
        "carries; its callback may be inside the cluster)."
    )
    status: SubscriptionStatus = Field(
        description="`suspended`: the owner lost the right to the scope; nothing is sent "
        "until a PATCH by someone who may subscribe reactivates it."
    )
    suspended_reason: str | None
    suspended_at: datetime | None
    version: int
    previous_secret_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SubscriptionWithSecret(SubscriptionRead):
    secret: str = Field(description="Verify our signatures with it; shown only now.")


class AttemptRead(BaseModel):
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryRead(BaseModel):
    id: uuid.UUID
    subscription_id: uuid.UUID
    event_id: uuid.UUID = Field(description="Also the webhook-id header of every try.")
    event_type: str
    replay_of: uuid.UUID | None
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
    attempt_log: list[AttemptRead] = Field(description="The tries, oldest first (at most 50).")


class ReplayRange(_Strict):
    from_: datetime = Field(alias="from", description="Events that occurred at or after this.")
    to: datetime = Field(description="... and at or before this.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> ReplayRange:
        if self.from_.tzinfo is None or self.to.tzinfo is None:
            raise ValueError("from and to need a UTC offset")
        try:
            self.from_, self.to = self.from_.astimezone(UTC), self.to.astimezone(UTC)
        except OverflowError as exc:
            raise ValueError("from and to must lie between the years 1 and 9999 in UTC") from exc
        if self.to < self.from_:
            raise ValueError("to must not be before from")
        return self


class Replayed(BaseModel):
    replayed: int = Field(description="New deliveries made (one per event).")
    items: list[uuid.UUID] = Field(description="Their ids.")


def as_read(row: Any) -> dict[str, Any]:
    return {key: row[key] for key in SubscriptionRead.model_fields}
