"""Start-up and shutdown of reporting's event intake: its secret, the coalescing refresher
and, when ``REPORTING_PUBLIC_URL`` is set, its subscription in the projects service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import structlog
from fastapi import FastAPI

from services.reporting.config import ReportingSettings
from services.reporting.inbound import repository
from services.reporting.inbound.refresher import CoalescingRefresher
from services.reporting.inbound.registration import start_registration, stop_registration
from services.reporting.inbound.service import events_secret
from services.reporting.snapshots.scheduler import scheduler_of
from shared.settings import platform_settings

log = structlog.get_logger("pmo.reporting.inbound")


async def start_events(app: FastAPI) -> None:
    settings: ReportingSettings = app.state.settings
    app.state.events_secret = events_secret(settings, platform_settings())

    async def refresh(project_ids: list[uuid.UUID]) -> object:
        return await refresh_pending(app, project_ids)

    refresher = CoalescingRefresher(refresh, settings.events_coalesce_seconds)
    app.state.event_refresher = refresher
    refresher.start()
    await _forget_old(app, settings)
    await _resume_pending(app, refresher)
    if settings.public_url:
        start_registration(app, settings.public_url, app.state.events_secret)
    else:
        log.info("events_subscription_skipped", reason="REPORTING_PUBLIC_URL is not set")


async def refresh_pending(app: FastAPI, project_ids: list[uuid.UUID]) -> object:
    """The projects' snapshots taken again, then their pending requests cleared (those
    read before the refresh: one asked for meanwhile stays). A failed refresh leaves them
    pending, for the next start (and the daily snapshot takes them anyway)."""
    async with app.state.sessionmaker() as session:
        asked = await repository.pending(session, project_ids)
    # Built per refresh: the app's clock and clients as they are now.
    counts = await scheduler_of(app).refresh(project_ids)
    async with app.state.sessionmaker() as session, session.begin():
        await repository.forget_pending(session, asked)
    return counts


async def _resume_pending(app: FastAPI, refresher: CoalescingRefresher) -> None:
    """Refreshes asked for before a restart (or by a replica that stopped) and never done."""
    try:
        async with app.state.sessionmaker() as session:
            left = await repository.pending(session)
    except Exception:
        log.warning("pending_refreshes_not_resumed", exc_info=True)
        return
    for project_id in left:
        refresher.request(project_id)
    if left:
        log.info("pending_refreshes_resumed", projects=len(left))


async def _forget_old(app: FastAPI, settings: ReportingSettings) -> None:
    """Received ids older than the dedupe period go; a start never fails on it."""
    cutoff = datetime.now(UTC) - timedelta(days=settings.events_dedupe_days)
    try:
        async with app.state.sessionmaker() as session, session.begin():
            await repository.forget_before(session, cutoff)
    except Exception:
        log.warning("received_events_purge_skipped", exc_info=True)


async def stop_events(app: FastAPI) -> None:
    await stop_registration(app)
    refresher: CoalescingRefresher | None = getattr(app.state, "event_refresher", None)
    if refresher is not None:
        await refresher.stop()
