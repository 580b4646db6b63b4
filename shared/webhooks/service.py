"""The webhook subscriptions and their delivery logs: rules around the repository."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from fastapi import Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    TooManyRequests,
    ValidationFailed,
)
from shared.events.signing import generate_secret
from shared.pagination import PageParams, encode_cursor
from shared.webhooks.access import (
    ScopeAccess,
    check_scope,
    ensure_visible,
    is_internal_subscriber,
    is_owner,
    owner_kind,
)
from shared.webhooks.owner_repository import SUSPENDED
from shared.webhooks.repository import WebhookRepository
from shared.webhooks.schemas import (
    ReplayRange,
    SubscriptionCreate,
    SubscriptionUpdate,
    as_read,
)
from shared.webhooks.settings import WebhookSettings
from shared.webhooks.ssrf import validate_target

Row = dict[str, Any]
HOUR = 3600.0  # the replay quota's window
log = structlog.get_logger("pmo.webhooks")


@dataclass(frozen=True)
class Webhooks:
    """One service's webhooks: its tables, how it checks scopes, and the settings."""

    repository: WebhookRepository
    access: ScopeAccess
    settings: WebhookSettings


@dataclass(frozen=True)
class Caller:
    request: Request
    session: AsyncSession
    principal: Principal


def _subscription_missing(subscription_id: uuid.UUID) -> str:
    return f"Webhook subscription {subscription_id}"


async def create(hooks: Webhooks, caller: Caller, body: SubscriptionCreate) -> Row:
    await validate_target(body.url, hooks.settings.networks_of(owner_kind(caller.principal)))
    await check_scope(
        hooks.access,
        caller.request,
        caller.session,
        caller.principal,
        body.project_id,
        body.portfolio_id,
    )
    secret = body.secret or generate_secret()
    values = body.model_dump(exclude={"secret"})
    row = await hooks.repository.add_subscription(
        caller.session,
        {**values, "id": uuid.uuid4(), "secret": secret, "owner": caller.principal.subject},
        owner_kind(caller.principal),
    )
    return {**as_read(row), "secret": secret}


async def load(hooks: Webhooks, caller: Caller, subscription_id: uuid.UUID, **lock: bool) -> Row:
    row = await hooks.repository.subscription(caller.session, subscription_id, **lock)
    ensure_visible(caller.principal, row, _subscription_missing(subscription_id))
    assert row is not None
    return row


def _after(page: PageParams) -> tuple[datetime, uuid.UUID] | None:
    if page.cursor is None:
        return None
    try:
        created, last_id = page.cursor
        moment = datetime.fromisoformat(str(created))
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment.astimezone(UTC), uuid.UUID(str(last_id))
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValidationFailed(
            "The cursor is not valid.", errors=[FieldError("cursor", "not a cursor from this API")]
        ) from exc


def _page(rows: list[Row], limit: int) -> tuple[list[Row], str | None]:
    items = rows[:limit]
    if len(rows) <= limit:
        return items, None
    last = items[-1]
    return items, encode_cursor([last["created_at"].isoformat(), str(last["id"])])


async def listing(
    hooks: Webhooks, caller: Caller, page: PageParams
) -> tuple[list[Row], str | None]:
    principal = caller.principal
    owner = None if principal.can_write_all else principal.subject
    rows = await hooks.repository.subscriptions(
        caller.session,
        owner,
        _after(page),
        page.limit + 1,
        # A namesake of one of our services does not list its subscriptions.
        internal=owner is None or is_internal_subscriber(principal),
    )
    items, cursor = _page(rows, page.limit)
    return [as_read(row) for row in items], cursor


async def change(
    hooks: Webhooks,
    caller: Caller,
    subscription_id: uuid.UUID,
    body: SubscriptionUpdate,
    expected: list[int] | None,
) -> Row:
    changes = body.model_dump(exclude_unset=True)
    for name in ("url", "event_types", "enabled"):
        if name in changes and changes[name] is None:
            raise ValidationFailed(f"{name} cannot be null.", errors=[FieldError(name, "required")])
    current = await load(hooks, caller, subscription_id)
    if "url" in changes:
        await _check_new_target(hooks, caller.principal, current, changes["url"])
    project_id = changes.get("project_id", current["project_id"])
    portfolio_id = changes.get("portfolio_id", current["portfolio_id"])
    if project_id is not None and portfolio_id is not None:
        message = "give project_id or portfolio_id, not both"
        raise ValidationFailed(
            f"A subscription has one scope: {message}.", errors=[FieldError("project_id", message)]
        )
    await check_scope(
        hooks.access, caller.request, caller.session, caller.principal, project_id, portfolio_id
    )
    locked = await load(hooks, caller, subscription_id, for_update=True)
    check_version(locked["version"], expected)
    standing = _standing(caller.principal, locked)
    suspended = locked["status"] == SUSPENDED
    if not changes and not suspended:
        return as_read(locked)
    if suspended:
        changes["owner"] = caller.principal.subject
    row = await hooks.repository.change_subscription(
        caller.session, subscription_id, changes, standing, reactivate=suspended
    )
    if suspended:
        log.info("webhook_subscription_reactivated", subscription=str(subscription_id))
    return as_read(row)


async def _check_new_target(hooks: Webhooks, principal: Principal, row: Row, url: str) -> None:
    """Our own services' subscriptions may reach the internal networks: only their owner,
    still holding the role, moves their target, or anyone who may see them (admin, pmo)
    could aim that allowance, and the delivery log's answers, at any address in the
    cluster."""
    owner, kind = row["owner"], row["owner_kind"]
    if hooks.settings.is_internal(kind) and not is_owner(principal, row):
        raise Forbidden(f"Only {owner} changes the target of its own subscription.")
    await validate_target(url, hooks.settings.networks_of(kind))


def _standing(principal: Principal, row: Row) -> str | None:
    """The owner kind a change records, having checked the caller may subscribe: the
    owner's own change re-records theirs (a role gained or lost since); anyone's change
    to a suspended subscription reactivates it as theirs. None: leave the standing."""
    if row["status"] == SUSPENDED or is_owner(principal, row):
        return owner_kind(principal)
    return None


async def remove(
    hooks: Webhooks, caller: Caller, subscription_id: uuid.UUID, expected: list[int] | None
) -> None:
    row = await load(hooks, caller, subscription_id, for_update=True)
    check_version(row["version"], expected)
    await hooks.repository.remove_subscription(caller.session, subscription_id)


async def rotate(
    hooks: Webhooks, caller: Caller, subscription_id: uuid.UUID, expected: list[int] | None
) -> Row:
    """A new secret; the old one still signs beside it for ``previous_secret_ttl_seconds``."""
    row = await load(hooks, caller, subscription_id, for_update=True)
    check_version(row["version"], expected)
    secret = generate_secret()
    expires = datetime.now(UTC) + timedelta(seconds=hooks.settings.previous_secret_ttl_seconds)
    changed = await hooks.repository.change_subscription(
        caller.session,
        subscription_id,
        {"secret": secret, "previous_secret": row["secret"], "previous_secret_expires_at": expires},
    )
    return {**as_read(changed), "secret": secret}


async def deliveries(
    hooks: Webhooks,
    caller: Caller,
    subscription_id: uuid.UUID,
    statuses: list[str],
    page: PageParams,
) -> tuple[list[Row], str | None]:
    await load(hooks, caller, subscription_id)
    rows = await hooks.repository.deliveries(
        caller.session, subscription_id, statuses, _after(page), page.limit + 1
    )
    return _page(rows, page.limit)


async def _check_replayable(hooks: Webhooks, caller: Caller, row: Row, events: int) -> None:
    """A suspended subscription replays nothing (409); beyond the hourly quota: 429."""
    if row["status"] == SUSPENDED:
        raise Conflict(
            f"The subscription is suspended ({row['suspended_reason']}): reactivate it with a "
            "PATCH before replaying."
        )
    quota = hooks.settings.max_replays_per_hour
    used, oldest = await hooks.repository.replays.replays_since(caller.session, row["id"], HOUR)
    if used + events <= quota:
        return
    wait = HOUR
    if oldest is not None:
        wait = HOUR - (datetime.now(UTC) - oldest).total_seconds()
    raise TooManyRequests(
        f"The subscription may replay {quota} events an hour; {used} were replayed in the "
        f"last hour and this replay needs {events}.",
        headers={"Retry-After": str(max(1, math.ceil(wait)))},
    )


async def replay_delivery(hooks: Webhooks, caller: Caller, delivery_id: uuid.UUID) -> Row:
    missing = f"Webhook delivery {delivery_id}"
    original = await hooks.repository.delivery(caller.session, delivery_id)
    if original is None:
        ensure_visible(caller.principal, None, missing)
    assert original is not None
    owner = await hooks.repository.subscription(
        caller.session, original["subscription_id"], for_update=True
    )
    ensure_visible(caller.principal, owner, missing)
    assert owner is not None
    await _check_replayable(hooks, caller, owner, 1)
    try:
        new_id = await hooks.repository.replay_one(caller.session, original)
    except IntegrityError as exc:  # retention pruned the event (and the delivery) meanwhile
        raise NotFound(f"{missing} not found: it was pruned with its event (retention).") from exc
    await hooks.repository.notify(caller.session)
    replayed = await hooks.repository.delivery(caller.session, new_id)
    assert replayed is not None
    return replayed


async def replay_range(
    hooks: Webhooks, caller: Caller, subscription_id: uuid.UUID, body: ReplayRange
) -> Row:
    row = await load(hooks, caller, subscription_id, for_update=True)
    limit = hooks.settings.max_replay_events
    size = await hooks.repository.replays.range_size(
        caller.session, subscription_id, body.from_, body.to, limit
    )
    await _check_replayable(hooks, caller, row, size)
    try:
        ids = await hooks.repository.replay_range(
            caller.session, subscription_id, body.from_, body.to, limit
        )
    except IntegrityError as exc:  # retention pruned one of the events meanwhile
        raise Conflict(
            "An event of the range was pruned (retention) while it was being replayed; "
            "nothing was replayed. Replay again: pruned events are no longer in the range."
        ) from exc
    if ids:
        await hooks.repository.notify(caller.session)
    return {"replayed": len(ids), "items": ids}
