"""Every table of the reporting database; importing this registers them."""

from services.reporting.models.base import Base, audit_records, event_tables, idempotency_keys
from services.reporting.models.corrective_action import CorrectiveAction
from services.reporting.models.health_override import HealthOverride
from services.reporting.models.health_policy import HealthPolicy
from services.reporting.models.pending_refresh import PendingRefresh
from services.reporting.models.project_snapshot import ProjectSnapshot
from services.reporting.models.received_event import ReceivedEvent
from services.reporting.models.snapshot_run import SnapshotRun

__all__ = [
    "Base",
    "CorrectiveAction",
    "HealthOverride",
    "HealthPolicy",
    "PendingRefresh",
    "ProjectSnapshot",
    "ReceivedEvent",
    "SnapshotRun",
    "audit_records",
    "event_tables",
    "idempotency_keys",
]
