"""Client of the governance service, one module per domain (``standards``, ``rules``,
``compliance``, ...). Each holds its DTOs, its operations and its part of
:class:`GovernanceClient`."""

from __future__ import annotations

from shared.clients.audit import AuditEndpoints
from shared.clients.governance.compliance import ComplianceEndpoints
from shared.clients.governance.rules import RuleEndpoints
from shared.clients.governance.standards import (
    StandardCreate,
    StandardDTO,
    StandardEndpoints,
    StandardStatus,
    StandardUpdate,
)


class GovernanceClient(StandardEndpoints, RuleEndpoints, ComplianceEndpoints, AuditEndpoints):
    service = "governance"


__all__ = [
    "GovernanceClient",
    "StandardCreate",
    "StandardDTO",
    "StandardStatus",
    "StandardUpdate",
]
