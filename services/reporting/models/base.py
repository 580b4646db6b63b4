from sqlalchemy.orm import DeclarativeBase

from shared.audit import audit_table
from shared.db import new_metadata
from shared.events.outbox import publish_tables
from shared.events.tables import EventTables
from shared.idempotency import idempotency_table


class Base(DeclarativeBase):
    metadata = new_metadata()


idempotency_keys = idempotency_table(Base.metadata)
audit_records = audit_table(Base.metadata)
event_tables = EventTables(Base.metadata)
# Tables whose row changes are published as events (``<entity>.<action>``); the rest (jobs,
# keys, caches, child rows published through their parent) publish nothing.
publish_tables(
    Base.metadata,
    {
        "corrective_actions": "corrective_action",
        "health_overrides": "health_override",
        "health_policies": "health_policy",
        "project_snapshots": "project_snapshot",
    },
)
