"""Project events received from the projects service's webhooks (Standard Webhooks):
verified with reporting's secret, applied once per ``webhook-id``, and the events that
change what a snapshot measures refresh the project's snapshot and health."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.config import ReportingSettings
from services.reporting.inbound import repository
from services.reporting.inbound.refresher import CoalescingRefresher
from services.reporting.inbound.schemas import EventReceived
from shared.errors import FieldError, ValidationFailed
from shared.events.signing import WebhookSignatureInvalid, generate_secret, verify_webhook
from shared.settings import Environment, PlatformSettings, load_or_create_secret

PATH = "/v1/inbound/project-events"
SECRET_FILE = "reporting-events-secret"
# The entities whose changes move a snapshot's figures (plan, progress, baselines, risks,
# costs, status updates) or its project (archived, restored).
MEASURED = frozenset(
    {
        "task",
        "dependency",
        "baseline",
        "project",
        "risk",
        "assignment",
        "actual_cost",
        "status_update",
    }
)


class EventsSecretMissing(RuntimeError):
    """Production registering a subscription without REPORTING_EVENTS_SECRET: refused."""


def events_secret(settings: ReportingSettings, platform: PlatformSettings) -> str:
    """``REPORTING_EVENTS_SECRET``, else one generated once into the state folder. In
    production a subscribing reporting must be given one: each replica would generate its
    own (the state folder is per pod) and replace the others' subscription at every start,
    and events signed for one would be refused by the rest."""
    if settings.events_secret:
        return settings.events_secret
    if platform.environment is Environment.production and settings.public_url:
        raise EventsSecretMissing(
            "REPORTING_EVENTS_SECRET is not set: every reporting replica must verify "
            "project events with the same secret (a Secret shared by the Deployment), "
            "or leave REPORTING_PUBLIC_URL unset."
        )
    return load_or_create_secret(platform.state_dir / SECRET_FILE, generate_secret)


def refreshes(event_type: str) -> bool:
    return event_type.partition(".")[0] in MEASURED


def _project_of(event: Any) -> tuple[str, str, uuid.UUID | None]:
    """(id, type, project id) of a verified event body."""
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise ValidationFailed(
            "The event has no type.", errors=[FieldError("type", "required string")]
        )
    raw = event.get("project_id")
    try:
        project_id = uuid.UUID(raw) if raw is not None else None
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValidationFailed(
            "The event's project_id is not a UUID.", errors=[FieldError("project_id", "uuid")]
        ) from exc
    return str(event.get("id") or ""), event["type"][:96], project_id


async def receive(
    session: AsyncSession,
    body: bytes,
    headers: Mapping[str, str],
    accepted_secrets: Sequence[str],
    refresher: CoalescingRefresher,
) -> EventReceived:
    """Verify (401 problem when unsigned, wrongly signed or older than five minutes), keep
    the event's id (a duplicate changes nothing) and ask for the project's refresh (kept
    pending in the database until it is done)."""
    try:
        event = verify_webhook(body, headers, accepted_secrets)
    except WebhookSignatureInvalid as exc:
        # A 401 names how to authenticate (RFC 9110): a Standard Webhooks signature.
        exc.headers = {"WWW-Authenticate": 'Webhook-Signature realm="reporting"'}
        raise
    _, event_type, project_id = _project_of(event)
    webhook_id = headers["webhook-id"][:255]
    if not await repository.record(session, webhook_id, event_type, project_id):
        return EventReceived(duplicate=True, refresh=False)
    refresh = project_id is not None and refreshes(event_type)
    if refresh:
        assert project_id is not None
        # Durable in the same transaction as the seen-mark: a restart before the refresh
        # resumes it (resume_pending), where the redelivery would now be a duplicate.
        await repository.mark_pending(session, project_id)
        refresher.request(project_id)
    return EventReceived(duplicate=False, refresh=refresh)
