"""Every table of the reporting database; importing this registers them.

Reporting stores only what it composes (snapshots and policies come with later issues);
for now that is the idempotency ledger every service keeps."""

from services.reporting.models.base import Base, idempotency_keys

__all__ = ["Base", "idempotency_keys"]
