"""Every table of the governance database; importing this registers them."""

from services.governance.models.base import Base, idempotency_keys
from services.governance.models.standard import Standard

__all__ = ["Base", "Standard", "idempotency_keys"]
