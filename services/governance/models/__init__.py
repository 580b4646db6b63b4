"""Every table of the governance database; importing this registers them."""

from services.governance.models.base import Base, audit_records, idempotency_keys
from services.governance.models.standard import Standard

__all__ = ["Base", "Standard", "audit_records", "idempotency_keys"]
