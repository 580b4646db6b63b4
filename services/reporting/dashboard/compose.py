"""The dashboard's parts from what the sources answered (pure: no I/O). Each function takes
the projects service's facts and one other source's answer, already limited to the
projects in those facts."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.reporting.dashboard.schemas import (
    ComplianceBucket,
    ComplianceDistribution,
    CostSummary,
    MilestoneRow,
    MilestonesDue,
    PendingGate,
    PhaseCount,
    ProjectRow,
    Rag,
    RagCounts,
    RiskRow,
    StatusCount,
    WorsenedProject,
)
from shared.clients.governance.gates import GateReviewDTO
from shared.clients.projects.dashboard import DashboardProjectDTO, PortfolioDashboardFactsDTO

# Compliance score buckets: (label, from (included), to (excluded; None: to 100 included)).
SCORE_BUCKETS: tuple[tuple[str, float, float | None], ...] = (
    ("<50", 0.0, 50.0),
    ("50-80", 50.0, 80.0),
    ("80-95", 80.0, 95.0),
    (">=95", 95.0, None),
)
_SEVERITY = {Rag.green: 0, Rag.amber: 1, Rag.red: 2}


@dataclass(frozen=True, slots=True)
class ProjectHealth:
    """A project's latest snapshot up to the dashboard's day, and the one a week before."""

    project_id: uuid.UUID
    day: date
    rag: Rag
    eac: Decimal | None
    day_week_before: date | None
    rag_week_before: Rag | None

    @property
    def worsened(self) -> bool:
        before = _SEVERITY.get(self.rag_week_before) if self.rag_week_before else None
        now = _SEVERITY.get(self.rag)
        return before is not None and now is not None and now > before


Health = Mapping[uuid.UUID, ProjectHealth]
Scores = Mapping[uuid.UUID, float | None]


def by_status(facts: PortfolioDashboardFactsDTO) -> list[StatusCount]:
    return [StatusCount(status=s, count=n) for s, n in sorted(facts.projects_by_status.items())]


def by_phase(facts: PortfolioDashboardFactsDTO) -> list[PhaseCount]:
    return [PhaseCount(phase=c.phase, count=c.count) for c in facts.projects_by_phase]


def by_rag(facts: PortfolioDashboardFactsDTO, health: Health) -> RagCounts:
    counts = Counter(health[p.project_id].rag for p in facts.projects if p.project_id in health)
    return RagCounts(
        green=counts[Rag.green],
        amber=counts[Rag.amber],
        red=counts[Rag.red],
        unknown=counts[Rag.unknown],
        not_assessed=len(facts.projects) - sum(counts.values()),
    )


def cost(facts: PortfolioDashboardFactsDTO, health: Health | None) -> CostSummary:
    """The totals of the projects priced in the portfolio's currency; the EAC is null when
    the snapshots could not be read."""
    totals = facts.totals
    eacs = [
        eac
        for p in facts.projects
        if p.in_portfolio_currency and (eac := _eac(p.project_id, health)) is not None
    ]
    return CostSummary(
        currency=totals.currency,
        budget=totals.budget,
        actual_cost=totals.actual_cost,
        eac=sum(eacs, Decimal("0.00")) if health is not None else None,
        projects_with_eac=len(eacs),
        projects_in_other_currencies=totals.projects_in_other_currencies,
    )


def _eac(project_id: uuid.UUID, health: Health | None) -> Decimal | None:
    found = health.get(project_id) if health is not None else None
    return found.eac if found is not None else None


def milestones(facts: PortfolioDashboardFactsDTO) -> MilestonesDue:
    codes = _codes(facts.projects)
    return MilestonesDue(
        days=facts.milestone_days,
        total=facts.milestones_due_total,
        items=[
            MilestoneRow(
                project_id=m.project_id,
                project_code=codes[m.project_id],
                task_id=m.task_id,
                name=m.name,
                finish=m.finish,
                percent_complete=m.percent_complete,
            )
            for m in facts.milestones_due
        ],
    )


def top_risks(facts: PortfolioDashboardFactsDTO) -> list[RiskRow]:
    codes = _codes(facts.projects)
    return [RiskRow(project_code=codes[r.project_id], **r.model_dump()) for r in facts.top_risks]


def pending_gates(
    facts: PortfolioDashboardFactsDTO, reviews: Iterable[GateReviewDTO]
) -> list[PendingGate]:
    """Open reviews of the dashboard's projects, oldest first."""
    codes = _codes(facts.projects)
    rows = [
        PendingGate(
            review_id=r.id,
            project_id=r.project_id,
            project_code=codes[r.project_id],
            gate_name=r.gate_name,
            from_phase=r.from_phase,
            to_phase=r.to_phase,
            opened_by=r.opened_by,
            opened_at=r.created_at,
            pending_roles=[role.value for role in r.blockers.pending_roles],
            open_checklist_items=r.blockers.open_checklist_items,
            failing_critical_rules=r.blockers.failing_critical_rules,
        )
        for r in reviews
        if r.project_id in codes
    ]
    return sorted(rows, key=lambda row: (row.opened_at, row.review_id))


def compliance(facts: PortfolioDashboardFactsDTO, scores: Scores) -> ComplianceDistribution:
    """Each project's latest score in its bucket; unscored projects counted apart."""
    scored = [s for p in facts.projects if (s := scores.get(p.project_id)) is not None]
    buckets = [
        ComplianceBucket(
            label=label,
            from_score=low,
            to_score=high,
            count=sum(1 for s in scored if s >= low and (high is None or s < high)),
        )
        for label, low, high in SCORE_BUCKETS
    ]
    average = round(sum(scored) / len(scored), 2) if scored else None
    return ComplianceDistribution(
        buckets=buckets, not_evaluated=len(facts.projects) - len(scored), average_score=average
    )


def worsened(facts: PortfolioDashboardFactsDTO, health: Health) -> list[WorsenedProject]:
    """By code, like the project table."""
    return [
        WorsenedProject(
            project_id=p.project_id,
            project_code=p.code,
            rag=h.rag,
            day=h.day,
            rag_week_before=h.rag_week_before,
            day_week_before=h.day_week_before,
        )
        for p in facts.projects
        if (h := health.get(p.project_id)) is not None
        and h.worsened
        and h.rag_week_before is not None
        and h.day_week_before is not None
    ]


def project_rows(
    facts: PortfolioDashboardFactsDTO,
    health: Health | None,
    scores: Scores | None,
    gates: Sequence[PendingGate] | None,
) -> list[ProjectRow]:
    """The per-project table; a column whose source is missing is null."""
    pending = Counter(g.project_id for g in gates) if gates is not None else None
    health = health or {}
    scores = scores or {}
    return [
        _row(p, health.get(p.project_id), scores.get(p.project_id), pending) for p in facts.projects
    ]


def _row(
    p: DashboardProjectDTO,
    h: ProjectHealth | None,
    score: float | None,
    pending: Counter[uuid.UUID] | None,
) -> ProjectRow:
    return ProjectRow(
        project_id=p.project_id,
        code=p.code,
        name=p.name,
        status=p.status,
        phase=p.phase,
        currency=p.currency,
        budget=p.budget,
        actual_cost=p.actual_cost,
        eac=h.eac if h else None,
        rag=h.rag if h else None,
        health_day=h.day if h else None,
        rag_week_before=h.rag_week_before if h else None,
        worsened=h.worsened if h else False,
        compliance_score=score,
        pending_gates=pending[p.project_id] if pending is not None else None,
        open_risks=p.open_risks,
    )


def _codes(projects: Iterable[DashboardProjectDTO]) -> dict[uuid.UUID, str]:
    return {p.project_id: p.code for p in projects}
