"""Retention: old outbox events and finished webhook deliveries are pruned.

Run from every dispatcher's loop every ``retention_interval_seconds``; one replica at a
time prunes (it holds the ``event_cursors`` row ``pruned`` ``FOR UPDATE SKIP LOCKED``, the
others skip), in batches of ``retention_batch_size``, each batch its own transaction.

- Events: older than ``events_retention_days`` (``PMO_EVENTS_RETENTION_DAYS``), taken in
  feed order ``(txid, position)`` as a prefix that stops at the first event that must stay:
  one the dispatcher's fan-out cursor has not passed, one younger than the limit, or one
  with a delivery being delivered or pending for an enabled, active subscription. A paused
  (disabled) or suspended subscription's pending deliveries are never claimed, so they do
  not hold retention back: they go with their event (a subscription paused longer than
  the retention loses those events). The other deliveries of a pruned event go with it.
  The events are locked (``FOR UPDATE``) before their deliveries are looked at, so a
  concurrent replay either comes first (the event stays) or finds the event gone. The last
  pruned event is the watermark (the ``pruned`` row's point): the change feed answers a
  cursor before it with 410 ``cursor-expired``.
- Deliveries: succeeded or dead ones created over ``delivery_retention_days`` ago, with
  their tries and replays; an event's deliveries to one subscription (the first, its
  replays, replays of replays) go only together, once all are finished and old.

Only processes with the dispatcher enabled (``PMO_WEBHOOKS_DISPATCHER_ENABLED``) prune.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events.retention_repository import RetentionRepository
from shared.webhooks.settings import WebhookSettings

log = structlog.get_logger("pmo.events.retention")
BATCHES_PER_RUN = 20  # bounded, so a big backlog does not hold up deliveries


@dataclass
class Pruned:
    events: int = 0
    deliveries: int = 0


class Retention:
    def __init__(
        self,
        engine: AsyncEngine,
        repository: RetentionRepository,
        settings: WebhookSettings,
        service: str,
    ) -> None:
        self.engine = engine
        self.repository = repository
        self.settings = settings
        self.service = service
        self._due_at = 0.0

    async def run_if_due(self) -> None:
        """A run when the interval has passed; failures are logged (the next run retries)."""
        if time.monotonic() < self._due_at:
            return
        self._due_at = time.monotonic() + self.settings.retention_interval_seconds
        try:
            await self.run()
        except Exception:
            log.warning("retention_failed", service=self.service, exc_info=True)

    async def run(self) -> Pruned:
        pruned = Pruned()
        for _ in range(BATCHES_PER_RUN):
            batch = await self._batch()
            if batch is None:
                break
            pruned.events += batch.events
            pruned.deliveries += batch.deliveries
            if max(batch.events, batch.deliveries) < self.settings.retention_batch_size:
                break
        if pruned.events or pruned.deliveries:
            log.info(
                "retention_pruned",
                service=self.service,
                events=pruned.events,
                deliveries=pruned.deliveries,
            )
        return pruned

    async def _batch(self) -> Pruned | None:
        """One batch in one transaction; None when another replica is pruning."""
        repo, size = self.repository, self.settings.retention_batch_size
        async with self.engine.begin() as db:
            watermark = await repo.lock_watermark(db)
            if watermark is None:
                return None
            upto = await repo.fanned_out(db)
            rows = await repo.next_events(
                db, watermark, upto, self.settings.events_retention_days, size
            )
            prefix = []
            for row in rows:
                if not row["prunable"]:
                    break
                prefix.append(row)
            if prefix:
                await repo.delete_events(db, [row["id"] for row in prefix])
                await repo.move_watermark(db, (prefix[-1]["txid"], prefix[-1]["position"]))
            deliveries = await repo.delete_finished_deliveries(
                db, self.settings.delivery_retention_days, size
            )
        return Pruned(events=len(prefix), deliveries=deliveries)
