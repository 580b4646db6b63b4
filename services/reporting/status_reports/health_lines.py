"""A project's computed health as the report's lines: the colour shown (an override's when
one is active) and, per dimension, its colour with the reasons' messages."""

from __future__ import annotations

from services.reporting.health.schemas import DimensionHealthRead, ProjectHealthRead
from services.reporting.status_reports.model import RagLine
from shared.clients.projects.records import StatusUpdateDTO


def overall_line(health: ProjectHealthRead) -> RagLine:
    reasons = [r.message for r in health.overall_reasons]
    if health.override is not None:
        override = health.override
        until = override.expires_at.date().isoformat()
        reasons = [f"Overridden to {override.rag.value} until {until}: {override.justification}"]
    return RagLine("Overall", health.effective.value, reasons)


def dimension_line(dimension: DimensionHealthRead) -> RagLine:
    breached = [r.message for r in dimension.reasons if r.rag == dimension.rag]
    name = dimension.name.value.replace("_", " ").capitalize()
    return RagLine(name, dimension.rag.value, breached or [r.message for r in dimension.reasons])


def health_note(health: ProjectHealthRead, update: StatusUpdateDTO | None) -> str:
    policy = health.policy
    source = "the default policy" if policy.is_default else f"policy version {policy.version}"
    note = f"Computed under {source} at {health.status_date.isoformat()}."
    if update is not None:
        note += f" Reported by the manager on {update.as_of.isoformat()}: "
        note += f"{update.overall_rag.value.upper()}."
    return note
