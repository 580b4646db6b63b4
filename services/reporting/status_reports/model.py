"""What a one-page status report says, as plain data: gathered by the service, drawn by
:mod:`services.reporting.status_reports.pdf` (which does no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from services.reporting.charts.s_curve import SCurve


@dataclass(frozen=True, slots=True)
class RagLine:
    """One dimension of health (or the overall one): its colour and why."""

    name: str
    rag: str | None  # red, amber, green; None: not rated
    reasons: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Milestone:
    name: str
    forecast: datetime | None
    # From the current baseline: the date committed to (None without a baseline).
    baseline: datetime | None
    percent_complete: Decimal

    @property
    def due(self) -> datetime | None:
        """What it is measured against: the baseline date, else the forecast."""
        return self.baseline or self.forecast


@dataclass(frozen=True, slots=True)
class RiskLine:
    title: str
    probability: int
    impact: int
    score: int
    owner: str | None
    response: str | None


@dataclass(frozen=True, slots=True)
class Narrative:
    as_of: date
    author: str
    overall_rag: str
    text: str


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class StatusReport:
    name: str
    code: str
    status: str
    phase: str | None
    manager: str | None
    as_of: date
    overall: RagLine
    dimensions: Sequence[RagLine] = ()
    health_source: str = ""
    evm: Sequence[Figure] = ()
    evm_note: str | None = None
    overdue_milestones: Sequence[Milestone] = ()
    next_milestones: Sequence[Milestone] = ()
    risks: Sequence[RiskLine] = ()
    narrative: Narrative | None = None
    curve: SCurve | None = field(default=None)
