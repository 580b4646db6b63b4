from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata
from shared.idempotency import idempotency_table


class Base(DeclarativeBase):
    metadata = new_metadata()


idempotency_keys = idempotency_table(Base.metadata)
