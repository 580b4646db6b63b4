from sqlalchemy.orm import DeclarativeBase

from shared.audit import audit_table
from shared.db import new_metadata
from shared.idempotency import idempotency_table


class Base(DeclarativeBase):
    metadata = new_metadata()


idempotency_keys = idempotency_table(Base.metadata)
audit_records = audit_table(Base.metadata)
