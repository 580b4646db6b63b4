"""The wire vocabulary of the RAID log and change control (statuses, severities, strategies)."""

from enum import StrEnum


# The wire vocabulary of the records: the projects service validates with these same enums,
# so the service and its client cannot drift apart.
class RiskStatus(StrEnum):
    open = "open"
    occurred = "occurred"
    closed = "closed"


class IssueStatus(StrEnum):
    open = "open"
    in_progress = "in_progress"
    resolved = "resolved"
    closed = "closed"


class AssumptionStatus(StrEnum):
    open = "open"
    validated = "validated"
    invalidated = "invalidated"


class DecisionStatus(StrEnum):
    proposed = "proposed"
    decided = "decided"
    superseded = "superseded"


class Severity(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class ResponseStrategy(StrEnum):
    avoid = "avoid"
    mitigate = "mitigate"
    transfer = "transfer"
    accept = "accept"


class ChangeRequestStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    rejected = "rejected"
