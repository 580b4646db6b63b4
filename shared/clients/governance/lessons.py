"""Lessons learned (governance service): the register, its ranked full-text search and the
lessons relevant to a project."""

from __future__ import annotations

from enum import StrEnum


# Shared with the governance service's own schemas (one vocabulary on both sides).
class LessonCategory(StrEnum):
    schedule = "schedule"
    cost = "cost"
    scope = "scope"
    quality = "quality"
    risk = "risk"
    resources = "resources"
    stakeholders = "stakeholders"
    procurement = "procurement"
    technical = "technical"
    governance = "governance"
    communication = "communication"
    other = "other"


class LessonImpact(StrEnum):
    """How much the lesson mattered to the project it came from."""

    low = "low"
    medium = "medium"
    high = "high"


class LessonOutcome(StrEnum):
    """Whether the lesson comes from something that went well (repeat it) or badly
    (avoid it)."""

    positive = "positive"
    negative = "negative"
