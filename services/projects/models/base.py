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
        "actual_costs": "actual_cost",
        "assignments": "assignment",
        "assumptions": "assumption",
        "baselines": "baseline",
        "calendars": "calendar",
        "change_requests": "change_request",
        "corrective_options": "corrective_option",
        "corrective_policies": "corrective_policy",
        "decisions": "decision",
        "dependencies": "dependency",
        "issues": "issue",
        "portfolios": "portfolio",
        "programs": "program",
        "project_members": "project_member",
        "projects": "project",
        "resource_rates": "resource_rate",
        "resource_time_off": "resource_time_off",
        "resources": "resource",
        "risk_analyses": "risk_analysis",
        "risks": "risk",
        "status_updates": "status_update",
        "tasks": "task",
    },
)
