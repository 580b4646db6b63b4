"""Hand-made project facts for the rule-kind tests: small builders with sensible defaults,
each overridable by keyword."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from services.governance.rules.base import Facts
from shared.clients.projects.facts import (
    FactBaseline,
    FactLink,
    FactRaidCounts,
    FactRisk,
    FactStatusUpdate,
    FactTask,
    ProjectFactsDTO,
)

AS_OF = date(2026, 3, 2)  # a Monday


def at(day: date, hour: int = 8) -> datetime:
    """A project-local instant on ``day`` (08:00 is the start of a working day, 17:00 its end)."""
    return datetime.combine(day, time(hour))


def task(**overrides: Any) -> FactTask:
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "name": "Task",
        "is_summary": False,
        "is_milestone": False,
        "duration_days": Decimal(5),
        "percent_complete": Decimal(0),
        "constraint_type": "ASAP",
        "total_float_days": Decimal(0),
        "critical": True,
    }
    return FactTask(**(fields | overrides))


def link(predecessor: FactTask, successor: FactTask, **overrides: Any) -> FactLink:
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "predecessor_id": predecessor.id,
        "successor_id": successor.id,
        "type": "FS",
        "lag_days": Decimal(0),
    }
    return FactLink(**(fields | overrides))


def risk(**overrides: Any) -> FactRisk:
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "title": "Supplier late",
        "status": "open",
        "probability": 4,
        "impact": 4,
        "score": 16,
        "owner": "alice",
        "response_strategy": "mitigate",
        "mitigation": "Second supplier",
        "updated_at": at(AS_OF - timedelta(days=3)),
    }
    fields |= overrides
    if "score" not in overrides:
        fields["score"] = fields["probability"] * fields["impact"]
    return FactRisk(**fields)


def baseline(**overrides: Any) -> FactBaseline:
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "number": 0,
        "created_at": at(AS_OF - timedelta(days=30)),
        "project_finish": at(AS_OF + timedelta(days=60), 17),
        "total_cost": Decimal(1000),
    }
    return FactBaseline(**(fields | overrides))


def status_update(days_old: int = 0, **overrides: Any) -> FactStatusUpdate:
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "as_of": AS_OF - timedelta(days=days_old),
        "overall_rag": "green",
        "created_at": at(AS_OF),
    }
    return FactStatusUpdate(**(fields | overrides))


def project(**overrides: Any) -> ProjectFactsDTO:
    fields: dict[str, Any] = {
        "project_id": uuid.uuid4(),
        "code": "P-1",
        "name": "Warehouse",
        "status": "active",
        "priority": "medium",
        "tags": [],
        "as_of": AS_OF,
        "tasks": [],
        "links": [],
        "baseline_count": 0,
        "risks": [],
        "raid": FactRaidCounts(open_risks=0, open_issues=0, assumptions=0, decisions=0),
    }
    fields |= overrides
    if fields.get("baseline") is not None and "baseline_count" not in overrides:
        fields["baseline_count"] = 1
    return ProjectFactsDTO(**fields)


def facts(
    *,
    approved_gates: frozenset[str] = frozenset(),
    deliverables: frozenset[str] = frozenset(),
    **project_fields: Any,
) -> Facts:
    return Facts(project(**project_fields), approved_gates, deliverables)
