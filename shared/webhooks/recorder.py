"""The dispatcher's recorder: writes the outcomes of finished sends, many per transaction.

A send that finishes hands its outcome to :meth:`Recorder.record` and waits until it is
written. One task writes whatever has finished meanwhile in one transaction (one UPDATE of
the deliveries, one INSERT of the tries; see :meth:`WebhookRepository.record`): while a
write is in progress the next sends pile up, so the batches grow with the load and a quiet
dispatcher still writes each outcome at once. Per delivery as before:

- the outcome is written only if the lease is still the dispatcher's (``leased_until``
  unchanged); a delivery whose lease was lost (it ran out and another replica claimed it)
  only gets its try logged, and ``webhooks_lease_lost`` names it;
- the database being unavailable (:func:`shared.db_unavailable.database_unavailable`, or a
  socket error reaching it) is retried with backoff until it answers (the lease may run out
  meanwhile: at-least-once);
- any other error (a delivery deleted meanwhile fails on the foreign key of its try; a row
  the database refuses, e.g. a ``DataError``) makes the batch be written one delivery at a
  time, so that the others are recorded: a gone one is only logged
  (``webhooks_delivery_gone``), one that fails otherwise is logged
  (``webhooks_record_failed``) and skipped: its lease runs out and it is sent again
  (at-least-once) rather than wedging the recorder and every lease behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db_unavailable import database_unavailable
from shared.webhooks.dispatch_queries import Finished
from shared.webhooks.repository import WebhookRepository

log = structlog.get_logger("pmo.webhooks")
RECORD_BACKOFF = (0.1, 0.5, 1.0, 2.0, 5.0)


class Recorder:
    def __init__(
        self, engine: AsyncEngine, repository: WebhookRepository, max_batch: int, service: str
    ) -> None:
        self.engine = engine
        self.repository = repository
        self.max_batch = max_batch
        self.service = service
        self._waiting: list[tuple[Finished, asyncio.Future[None]]] = []
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"webhooks-recorder-{self.service}")

    async def stop(self) -> None:
        """Ends the writing; a write in progress is rolled back (its leases run out or are
        released by the dispatcher)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def record(
        self, row: Mapping[str, Any], outcome: Mapping[str, Any], attempt: Mapping[str, Any]
    ) -> None:
        """Returns once the try is written (or known lost). Cancelling the caller before
        its batch is taken leaves the try unwritten."""
        written = asyncio.get_running_loop().create_future()
        finished = Finished(row["id"], row["leased_until"], outcome, attempt)
        self._waiting.append((finished, written))
        self._ready.set()
        await written

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            while self._waiting:
                taken = self._waiting[: self.max_batch]
                del self._waiting[: self.max_batch]
                batch = [(f, written) for f, written in taken if not written.done()]
                try:
                    if batch:
                        await self._write([f for f, _ in batch])
                except asyncio.CancelledError:  # stopping: their senders release them
                    for _, written in batch + self._waiting:
                        written.cancel()
                    raise
                for _, written in batch:
                    if not written.done():
                        written.set_result(None)

    async def _write(self, batch: Sequence[Finished]) -> None:
        """Writes the batch, retrying while the database is unavailable; on any other
        error one delivery at a time."""
        tries = 0
        while True:
            try:
                async with self.engine.begin() as db:
                    kept = await self.repository.record(db, batch)
            except Exception as exc:
                if _unavailable(exc):
                    await self._back_off(tries, len(batch))
                    tries += 1
                    continue
                if len(batch) > 1 and not isinstance(exc, IntegrityError):
                    log.warning("webhooks_record_batch_failed", deliveries=len(batch))
                for finished in batch:  # e.g. a delivery deleted meanwhile, with its log
                    await self._write_one(finished)
                return
            for finished in batch:
                if finished.delivery_id not in kept:
                    log.warning("webhooks_lease_lost", delivery=str(finished.delivery_id))
            return

    async def _write_one(self, finished: Finished) -> None:
        tries = 0
        while True:
            try:
                async with self.engine.begin() as db:
                    kept = await self.repository.record(db, [finished])
            except IntegrityError:
                log.info("webhooks_delivery_gone", delivery=str(finished.delivery_id))
                return
            except Exception as exc:
                if _unavailable(exc):
                    await self._back_off(tries, 1)
                    tries += 1
                    continue
                # Skipped: its lease runs out and it is sent again (at-least-once).
                log.error(
                    "webhooks_record_failed",
                    service=self.service,
                    delivery=str(finished.delivery_id),
                    exc_info=True,
                )
                return
            if not kept:
                log.warning("webhooks_lease_lost", delivery=str(finished.delivery_id))
            return

    async def _back_off(self, tries: int, deliveries: int) -> None:
        log.warning(
            "webhooks_record_retry", service=self.service, deliveries=deliveries, exc_info=True
        )
        await asyncio.sleep(RECORD_BACKOFF[min(tries, len(RECORD_BACKOFF) - 1)])


def _unavailable(exc: BaseException) -> bool:
    """The database cannot be reached now (retry), as opposed to refusing this write. An
    ``OSError`` here can only come from reaching the database (a refused connection)."""
    return database_unavailable(exc) or isinstance(exc, OSError)
