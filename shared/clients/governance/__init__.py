"""Client of the governance service, one module per domain (``standards``, ``templates``,
...). Each holds its DTOs, its operations and its part of :class:`GovernanceClient`."""

from __future__ import annotations

from shared.clients.audit import AuditEndpoints
from shared.clients.governance.standards import (
    StandardCreate,
    StandardDTO,
    StandardEndpoints,
    StandardStatus,
)
from shared.clients.governance.templates import TemplateEndpoints


class GovernanceClient(StandardEndpoints, TemplateEndpoints, AuditEndpoints):
    service = "governance"


__all__ = ["GovernanceClient", "StandardCreate", "StandardDTO", "StandardStatus"]
