"""Client of the governance service, one module per domain (``standards``, ``rules``,
``compliance``, ...). Each holds its DTOs, its operations and its part of
:class:`GovernanceClient`."""

from __future__ import annotations

from shared.clients.audit import AuditEndpoints
from shared.clients.governance.compliance import ComplianceEndpoints
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
from shared.clients.governance.rules import RuleEndpoints
from shared.clients.governance.standards import (
    StandardCreate,
    StandardDTO,
    StandardEndpoints,
    StandardStatus,
    StandardUpdate,
)


class GovernanceClient(
    StandardEndpoints, RuleEndpoints, ComplianceEndpoints, LessonEndpoints, AuditEndpoints
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
