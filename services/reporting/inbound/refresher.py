"""Refreshing projects' snapshots when their events arrive, bursts coalesced.

An event asks for its project's refresh; the project waits ``window`` seconds from its
first event, and every event for it meanwhile rides along, so a burst of edits (a plan
import, a bulk upsert) takes one snapshot, not one per event. The refreshes run in a task
of the service, after the webhook was answered: a sender never waits on them."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Awaitable, Callable

import structlog

log = structlog.get_logger("pmo.reporting.inbound")
Refresh = Callable[[list[uuid.UUID]], Awaitable[object]]


class CoalescingRefresher:
    def __init__(self, refresh: Refresh, window: float) -> None:
        self._refresh = refresh
        self._window = window
        self._due: dict[uuid.UUID, float] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # What happened so far (logged; read by tests and the bench).
        self.requested = 0
        self.refreshes = 0

    def request(self, project_id: uuid.UUID) -> None:
        self.requested += 1
        self._due.setdefault(project_id, time.monotonic() + self._window)
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            if not self._due:
                self._wake.clear()
                await self._wake.wait()
                continue
            wait = min(self._due.values()) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            now = time.monotonic()
            ready = [pid for pid, due in self._due.items() if due <= now]
            for pid in ready:
                del self._due[pid]
            await self._take(ready)

    async def _take(self, project_ids: list[uuid.UUID]) -> None:
        try:
            await self._refresh(project_ids)
            self.refreshes += 1
            log.info("project_snapshots_refreshed", projects=len(project_ids))
        except Exception:
            # The daily snapshot takes them anyway; the next event tries again.
            log.warning("project_snapshots_refresh_failed", exc_info=True)
