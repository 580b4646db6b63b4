"""The project plan a template makes for one instantiation: the projects service's
``create_project_plan`` body, built by pure functions from the template and the request."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from services.governance.models import Template
from services.governance.templates.content import (
    RaidDefaults,
    TemplateAssumption,
    TemplateIssue,
    TemplateRisk,
    TemplateTask,
)
from services.governance.templates.references import LifecycleRef
from services.governance.templates.schemas import InstantiationCreate
from shared.clients.projects.plans import PlanLink, PlanRaid, PlanTask, ProjectPlanCreate
from shared.clients.projects.records import AssumptionCreate, IssueCreate, RiskCreate

CODE_PREFIX_LENGTH = 30
# Owner roles the request names a person for.
PEOPLE_ROLES = ("manager", "sponsor")


def plan_for(
    template: Template,
    request: InstantiationCreate,
    lifecycle: LifecycleRef | None,
    key: str,
) -> ProjectPlanCreate:
    """The same template, request, lifecycle and key always give the same body (the
    projects service's replay of a retry compares bodies)."""
    raid = RaidDefaults.model_validate(template.raid)
    people = {"manager": request.manager, "sponsor": request.sponsor}
    return ProjectPlanCreate(
        portfolio_id=request.portfolio_id,
        code=request.code or project_code(template.key, key),
        name=request.name,
        description=template.description or None,
        manager=request.manager,
        sponsor=request.sponsor,
        start_date=request.start_date,
        tags=list(template.tags),
        phase=lifecycle.first_phase if lifecycle else None,
        tasks=[task_row(t, request.start_date) for t in _tasks(template)],
        dependencies=[PlanLink.model_validate(link) for link in template.dependencies],
        raid=PlanRaid(
            risks=[risk_row(r, people) for r in raid.risks],
            assumptions=[assumption_row(a, people) for a in raid.assumptions],
            issues=[issue_row(i, people) for i in raid.issues],
        ),
    )


def project_code(template_key: str, key: str) -> str:
    """A code made from the template's key and the instantiation's key: the same request
    always asks for the same code (the projects service's replay compares bodies)."""
    prefix = re.sub(r"[^A-Za-z0-9._-]", "", template_key.upper())[:CODE_PREFIX_LENGTH]
    return f"{prefix or 'PRJ'}-{key[-6:].upper()}"


def _tasks(template: Template) -> list[TemplateTask]:
    return [TemplateTask.model_validate(t) for t in template.tasks]


def task_row(task: TemplateTask, start: date) -> PlanTask:
    """A dated constraint falls at the start of its day (offset calendar days on)."""
    constraint: dict[str, Any] = {}
    if task.constraint is not None:
        constraint["constraint_type"] = task.constraint.type
        if task.constraint.offset_days is not None:
            day = start + timedelta(days=task.constraint.offset_days)
            constraint["constraint_date"] = datetime.combine(day, time())
    return PlanTask(
        key=task.key,
        name=task.name,
        parent_key=task.parent_key,
        duration_days=task.duration_days,
        milestone=task.milestone,
        **constraint,
    )


def _owner(role: str | None, people: dict[str, str | None]) -> tuple[str | None, str | None]:
    """The owner the request names for ``role``, or the role to note when it names none."""
    if role is None:
        return None, None
    person = people.get(role.lower()) if role.lower() in PEOPLE_ROLES else None
    return (person, None) if person else (None, role)


def _described(description: str | None, role: str | None) -> str | None:
    if role is None:
        return description
    note = f"Owner role: {role} (to be assigned)."
    return f"{description}\n\n{note}" if description else note


def risk_row(risk: TemplateRisk, people: dict[str, str | None]) -> RiskCreate:
    owner, role = _owner(risk.owner_role, people)
    return RiskCreate(
        title=risk.title,
        description=_described(risk.description, role),
        owner=owner,
        probability=risk.probability,
        impact=risk.impact,
        response_strategy=risk.response_strategy,
        mitigation=risk.mitigation,
    )


def assumption_row(
    assumption: TemplateAssumption, people: dict[str, str | None]
) -> AssumptionCreate:
    owner, role = _owner(assumption.owner_role, people)
    return AssumptionCreate(
        title=assumption.title, description=_described(assumption.description, role), owner=owner
    )


def issue_row(issue: TemplateIssue, people: dict[str, str | None]) -> IssueCreate:
    owner, role = _owner(issue.owner_role, people)
    return IssueCreate(
        title=issue.title,
        description=_described(issue.description, role),
        owner=owner,
        severity=issue.severity,
    )
