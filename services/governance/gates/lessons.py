"""Lessons learned offered at a gate review: those of other projects that match the
project's tags and text (its name, description and the gate), ranked higher when recorded in
the phase the gate opens."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.gates.schemas import GateReviewRead
from services.governance.lessons.suggestions import suggest_lessons
from shared.clients.projects import ProjectsClient
from shared.reads import Reader

LESSONS_PER_REVIEW = 5


async def with_lessons(
    source: Reader | AsyncSession, projects: ProjectsClient, review: GateReviewRead
) -> GateReviewRead:
    project = await projects.get_project(review.project_id)
    text = "\n".join(filter(None, (project.name, project.description, review.gate_name)))
    found = await suggest_lessons(
        source,
        tags=project.tags,
        text=text,
        phase=review.to_phase,
        exclude_project_id=review.project_id,
        limit=LESSONS_PER_REVIEW,
    )
    return review.model_copy(update={"lessons": found})
