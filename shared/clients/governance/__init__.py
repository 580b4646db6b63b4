"""Client of the governance service, one module per domain (``standards``, ``lifecycles``,
``gates``, ``deliverables``, ...). Each holds its DTOs, its operations and its part of
:class:`GovernanceClient`."""

from __future__ import annotations

from shared.clients.audit import AuditEndpoints
from shared.clients.governance.deliverables import DeliverableEndpoints
from shared.clients.governance.gates import GateReviewEndpoints
from shared.clients.governance.lifecycles import LifecycleEndpoints
from shared.clients.governance.standards import (
    StandardCreate,
    StandardDTO,
    StandardEndpoints,
    StandardStatus,
)


class GovernanceClient(
    StandardEndpoints,
    LifecycleEndpoints,
    GateReviewEndpoints,
    DeliverableEndpoints,
    AuditEndpoints,
):
    service = "governance"


__all__ = ["GovernanceClient", "StandardCreate", "StandardDTO", "StandardStatus"]
