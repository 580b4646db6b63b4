"""Client of the governance service, one module per domain (``standards``, ``rules``,
``compliance``, ``lessons``, ``lifecycles``, ``gates``, ``deliverables``, ``templates``).
Each holds its DTOs, its operations and its part of
:class:`GovernanceClient`."""

from __future__ import annotations

from shared.clients.audit import AuditEndpoints
from shared.clients.events import EventEndpoints
from shared.clients.governance.compliance import ComplianceEndpoints
from shared.clients.governance.deliverables import DeliverableEndpoints
from shared.clients.governance.gates import GateReviewEndpoints
from shared.clients.governance.lessons import (
    LessonCategory,
    LessonCreate,
    LessonDTO,
    LessonEndpoints,
    LessonHitDTO,
    LessonImpact,
    LessonOutcome,
    LessonSearch,
    LessonSuggestionDTO,
    LessonSuggestionsDTO,
    LessonUpdate,
)
from shared.clients.governance.lifecycles import LifecycleEndpoints
from shared.clients.governance.rules import RuleEndpoints
from shared.clients.governance.standards import (
    StandardCreate,
    StandardDTO,
    StandardEndpoints,
    StandardStatus,
    StandardUpdate,
)
from shared.clients.governance.templates import TemplateEndpoints


class GovernanceClient(
    StandardEndpoints,
    RuleEndpoints,
    ComplianceEndpoints,
    LessonEndpoints,
    LifecycleEndpoints,
    GateReviewEndpoints,
    DeliverableEndpoints,
    TemplateEndpoints,
    AuditEndpoints,
    EventEndpoints,
):
    service = "governance"


__all__ = [
    "GovernanceClient",
    "LessonCategory",
    "LessonCreate",
    "LessonDTO",
    "LessonHitDTO",
    "LessonImpact",
    "LessonOutcome",
    "LessonSearch",
    "LessonSuggestionDTO",
    "LessonSuggestionsDTO",
    "LessonUpdate",
    "StandardCreate",
    "StandardDTO",
    "StandardStatus",
    "StandardUpdate",
]
