"""Gate reviews: opening the review of the gate into a project's next phase, evaluating its
rules over the project's facts, keeping its checklist, reading it. Decisions are in
``decisions.py``.

A project whose ``phase`` is still null counts as being in its lifecycle's first phase:
there is no gate into the first phase (template instantiation sets it explicitly)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.deliverables.service import present_deliverables
from services.governance.gates.evaluation import evaluate_gate, initial_checklist
from services.governance.gates.lessons import with_lessons
from services.governance.gates.repository import SORTS, GateReviewRepository
from services.governance.gates.schemas import (
    ChecklistCheck,
    GateReviewOpen,
    GateReviewRead,
    ProjectFilter,
    ReviewState,
)
from services.governance.gates.views import decision_row, review_row, review_view
from services.governance.lifecycles import service as lifecycles
from services.governance.lifecycles.assignment import lifecycle_of_project
from services.governance.lifecycles.schemas import Gate
from services.governance.models import GateReview, Lifecycle
from services.governance.project_access import ensure_can_manage, ensure_can_write, project_role
from services.governance.rules.base import Facts
from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.facts import ProjectFactsDTO
from shared.clients.projects.members import ProjectRole
from shared.clients.projects.projects import ProjectStatus
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import resolve_sort

repository = GateReviewRepository()

CLOSED_PROJECT = frozenset({ProjectStatus.completed, ProjectStatus.cancelled})


async def approved_gates(
    session: AsyncSession, project_ids: list[uuid.UUID]
) -> dict[uuid.UUID, frozenset[str]]:
    """The phases each project entered through a passed gate review (the rules' facts);
    every project asked for has an entry."""
    passed = await repository.passed_phases(session, project_ids)
    return {project_id: frozenset(passed.get(project_id, ())) for project_id in project_ids}


async def facts_for(session: AsyncSession, project: ProjectFactsDTO) -> Facts:
    """The project's facts with what governance itself knows about it."""
    ids = [project.project_id]
    gates = await approved_gates(session, ids)
    deliverables = await present_deliverables(session, ids)
    return Facts(project=project, approved_gates=gates[ids[0]], deliverables=deliverables[ids[0]])


async def open_review(
    session: AsyncSession, principal: Principal, projects: ProjectsClient, data: GateReviewOpen
) -> GateReviewRead:
    """Project managers, the PMO and admins open the review of the gate into the project's
    next phase; its rules are evaluated at once."""
    try:
        role = await project_role(projects, principal, data.project_id)
    except NotFound as exc:
        # A reference in the body, not the resource addressed: a 422, as for any such field.
        raise ValidationFailed(
            f"Project {data.project_id} not found.",
            errors=[FieldError("project_id", "unknown project")],
        ) from exc
    ensure_can_manage(principal, role)
    facts = await projects.project_facts(data.project_id)
    lifecycle = await lifecycle_of_project(session, data.project_id)
    if lifecycle is None:
        raise Conflict(f"Project {data.project_id} has no lifecycle; assign one first.")
    from_phase = _check_next_phase(lifecycle, facts, data.to_phase)
    if await repository.open_review_exists(session, data.project_id, data.to_phase):
        raise Conflict(f"The gate into {data.to_phase!r} already has an open review.")
    gate = lifecycles.gate_into(lifecycles.gates_of(lifecycle), data.to_phase)
    review = GateReview(
        project_id=data.project_id,
        lifecycle_id=lifecycle.id,
        from_phase=from_phase,
        to_phase=data.to_phase,
        state=ReviewState.open.value,
        opened_by=principal.subject,
        results=evaluate_gate(gate, await facts_for(session, facts)),
        evaluated_at=datetime.now(UTC),
        checklist=initial_checklist(gate),
    )
    session.add(review)
    await session.flush()
    return await with_lessons(session, projects, review_view(review_row(review), gate, []))


def _check_next_phase(lifecycle: Lifecycle, facts: ProjectFactsDTO, to_phase: str) -> str:
    """The phase the project leaves through the gate into ``to_phase``."""
    phases = lifecycles.phases_of(lifecycle)
    keys = [phase.key for phase in phases]
    if to_phase not in keys:
        raise ValidationFailed(
            f"Lifecycle {lifecycle.key!r} has no phase {to_phase!r}.",
            errors=[FieldError("to_phase", f"one of {', '.join(keys[1:])}")],
        )
    if ProjectStatus(facts.status) in CLOSED_PROJECT:
        raise Conflict(f"The project is {facts.status}; its gates are closed.")
    current = facts.phase or keys[0]
    if current not in keys:
        raise Conflict(f"The project's phase {current!r} is not a phase of {lifecycle.key!r}.")
    following = lifecycles.next_phase(phases, current)
    if following is None or following.key != to_phase:
        expected = f"the next gate is into {following.key!r}" if following else "it is last"
        raise Conflict(f"The project is in phase {current!r}: {expected}.")
    return current


def ensure_open(review: GateReview, expected_versions: list[int] | None) -> None:
    check_version(review.version, expected_versions)
    if review.state != ReviewState.open:
        raise Conflict(f"The review is closed ({review.state}).")


async def load_review(session: AsyncSession, review_id: uuid.UUID) -> GateReview:
    review = await repository.load_for_update(session, review_id)
    if review is None:
        raise NotFound(f"Gate review {review_id} not found.")
    return review


async def review_role(
    projects: ProjectsClient, principal: Principal, review: GateReview
) -> ProjectRole | None:
    """The caller's role on the review's project; for a caller who may not see that project
    the review is as unknown as one that does not exist (its project's id stays unsaid)."""
    try:
        return await project_role(projects, principal, review.project_id)
    except NotFound:
        raise NotFound(f"Gate review {review.id} not found.") from None


async def evaluate_review(
    session: AsyncSession,
    principal: Principal,
    projects: ProjectsClient,
    review_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> GateReviewRead:
    """Run the gate's rules again over the project's current facts."""
    review = await load_review(session, review_id)
    ensure_can_write(principal, await review_role(projects, principal, review))
    ensure_open(review, expected_versions)
    gate = await gate_of(session, review)
    facts = await facts_for(session, await projects.project_facts(review.project_id))
    review.results, review.evaluated_at = evaluate_gate(gate, facts), datetime.now(UTC)
    await session.flush()
    return await view_of(session, review, gate)


async def check_item(
    session: AsyncSession,
    principal: Principal,
    projects: ProjectsClient,
    ids: tuple[uuid.UUID, str],
    data: ChecklistCheck,
    expected_versions: list[int] | None,
) -> GateReviewRead:
    review_id, item_key = ids
    review = await load_review(session, review_id)
    ensure_can_write(principal, await review_role(projects, principal, review))
    ensure_open(review, expected_versions)
    if item_key not in review.checklist:
        raise NotFound(f"The gate has no checklist item {item_key!r}.")
    state = {"done": data.done, "comment": data.comment, "checked_by": principal.subject}
    state["checked_at"] = datetime.now(UTC).isoformat()
    review.checklist = {**review.checklist, item_key: state}
    await session.flush()
    return await view_of(session, review, await gate_of(session, review))


async def gate_of(session: AsyncSession, review: GateReview) -> Gate:
    lifecycle = await lifecycles.lifecycle_by_id(session, review.lifecycle_id)
    return lifecycles.gate_into(lifecycles.gates_of(lifecycle), review.to_phase)


async def view_of(session: AsyncSession, review: GateReview, gate: Gate) -> GateReviewRead:
    decisions = [decision_row(d) for d in await repository.decisions_of(session, review.id)]
    return review_view(review_row(review), gate, decisions)


async def get_review(
    reader: Reader, principal: Principal, projects: ProjectsClient, review_id: uuid.UUID
) -> GateReviewRead:
    row = await repository.get(reader, review_id)
    if row is None:
        raise NotFound(f"Gate review {review_id} not found.")
    try:
        await _ensure_visible(principal, projects, row["project_id"])
    except NotFound:
        raise NotFound(f"Gate review {review_id} not found.") from None
    [view] = await _views(reader, [row])
    return await with_lessons(reader, projects, view)


async def list_reviews(
    reader: Reader,
    principal: Principal,
    projects: ProjectsClient,
    page: PageParams,
    sort: str | None,
    wanted: ProjectFilter,
    *,
    state: str | None,
) -> tuple[list[GateReviewRead], str | None]:
    """Every project's reviews for the global read roles; one project's, or a batch of
    projects', for anyone who may read them (the others are left out, as unknown ones)."""
    if wanted.project_id is None and wanted.project_ids is None and not principal.can_read_all:
        raise Forbidden("Listing every project's gate reviews needs pmo, executive or admin.")
    if wanted.project_id is not None:
        try:
            await _ensure_visible(principal, projects, wanted.project_id)
        except NotFound:
            return [], None  # unknown and invisible projects have no reviews to show
    if wanted.project_ids and not principal.can_read_all:
        readable = [p.id for p in await projects.projects_by_ids(wanted.project_ids)]
        wanted = ProjectFilter(wanted.project_id, readable)
    if wanted.project_ids == []:
        return [], None
    spec = resolve_sort(sort, SORTS, "created_at")
    rows, cursor = await repository.list(reader, page, spec, wanted, state)
    return await _views(reader, rows), cursor


async def _views(reader: Reader, rows: list[dict[str, Any]]) -> list[GateReviewRead]:
    found = await lifecycles.lifecycles_by_ids(reader, list({r["lifecycle_id"] for r in rows}))
    decisions = await repository.decisions(reader, [row["id"] for row in rows])
    return [
        review_view(
            row,
            lifecycles.gate_into(lifecycles.gates_of(found[row["lifecycle_id"]]), row["to_phase"]),
            decisions.get(row["id"], []),
        )
        for row in rows
    ]


async def _ensure_visible(
    principal: Principal, projects: ProjectsClient, project_id: uuid.UUID
) -> None:
    """A review is as visible as its project (the projects service answers 404 otherwise)."""
    if not principal.can_read_all:
        await projects.get_project(project_id)
