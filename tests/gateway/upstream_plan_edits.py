"""The projects client's plan and record edits, for ``test_upstream_answers``: every call
the gateway's parity mutations make, on a project of its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from shared.clients.projects import ProjectsClient
from shared.clients.projects.calendars import (
    CalendarCreate,
    CalendarExceptionIn,
    CalendarUpdate,
    ScheduleSettingsUpdate,
)
from shared.clients.projects.members import MemberCreate, MemberUpdate, ProjectRole
from shared.clients.projects.planning import DependencyCreate, DependencyUpdate, LinkType
from shared.clients.projects.projects import ProjectCreate
from shared.clients.projects.record_edits import (
    AssumptionUpdate,
    ChangeRequestApproval,
    ChangeRequestRejection,
    ChangeRequestUpdate,
    DecisionUpdate,
    IssueUpdate,
    RiskUpdate,
)
from shared.clients.projects.records import (
    AssumptionCreate,
    ChangeRequestCreate,
    DecisionCreate,
    IssueCreate,
    RiskCreate,
)
from shared.clients.projects.tasks import TaskCreate
from shared.clients.webhooks import WebhookSubscriptionCreate
from tests.gateway.conftest import unique

PLAN = (
    b'<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
    b"<Name>Imported</Name><StartDate>2025-01-06T08:00:00</StartDate><Tasks>"
    b"<Task><UID>1</UID><Name>T1</Name><OutlineLevel>1</OutlineLevel>"
    b"<Duration>PT8H0M0S</Duration></Task></Tasks></Project>"
)


async def exercise_plan_edits(projects: ProjectsClient) -> None:
    project = await projects.create_project(
        ProjectCreate(code=unique("EDT"), name="Edits", start_date=date(2025, 1, 6))
    )
    first = await projects.add_task(project.id, TaskCreate(name="A", duration_days=Decimal(2)))
    then = await projects.add_task(project.id, TaskCreate(name="B", duration_days=Decimal(1)))
    link = await projects.add_dependency(
        project.id, DependencyCreate(predecessor_id=first.id, successor_id=then.id)
    )
    link = await projects.update_dependency(
        link.id, DependencyUpdate(type=LinkType.SS, lag_days=Decimal(1)), expected_version=1
    )
    await projects.delete_dependency(link.id, expected_version=link.version)
    calendar = await projects.create_calendar(
        project.id,
        CalendarCreate(name="Cal", exceptions=[CalendarExceptionIn(day=date(2025, 1, 7))]),
    )
    await projects.update_calendar(calendar.id, CalendarUpdate(hours_per_day=Decimal("7.5")))
    await projects.update_schedule_settings(
        project.id, ScheduleSettingsUpdate(calendar_id=calendar.id, status_date=date(2025, 1, 3))
    )
    baseline = await projects.set_baseline(project.id, 2, idempotency_key=unique("bl"))
    await projects.clear_baseline(project.id, 2, expected_version=baseline.version)
    impact = await projects.task_delete_impact(then.id)
    await projects.delete_task(then.id, cascade=impact.needs_confirmation)
    await _members(projects, project.id)
    await _records(projects, project.id, first.id)
    imported = await projects.import_mspdi(PLAN, code=unique("IMP"))
    await projects.delete_project(imported.id)
    restored = await projects.restore_project(imported.id)
    await projects.delete_project(imported.id, expected_version=restored.version)
    # The gateway suite's projects service keeps archived projects 0 days (conftest).
    await projects.purge_project(imported.id)


async def _members(projects: ProjectsClient, project_id: Any) -> None:
    member = await projects.add_member(
        project_id, MemberCreate(user_id=unique("m"), role=ProjectRole.viewer)
    )
    member = await projects.update_member(
        project_id, member.id, MemberUpdate(role=ProjectRole.member), expected_version=1
    )
    await projects.remove_member(project_id, member.id, expected_version=member.version)


async def _records(projects: ProjectsClient, project_id: Any, task_id: Any) -> None:
    risk = await projects.create_risk(
        project_id, RiskCreate(title="R", probability=2, impact=2, task_ids=[task_id])
    )
    risk = await projects.update_risk(risk.id, RiskUpdate(impact=5), expected_version=1)
    await projects.delete_risk(risk.id, expected_version=risk.version)
    issue = await projects.create_issue(project_id, IssueCreate(title="I"))
    await projects.update_issue(issue.id, IssueUpdate(resolution="Fixed"))
    await projects.delete_issue(issue.id)
    assumption = await projects.create_assumption(project_id, AssumptionCreate(title="A"))
    await projects.update_assumption(assumption.id, AssumptionUpdate(validated_by="dana"))
    await projects.delete_assumption(assumption.id)
    decision = await projects.create_decision(project_id, DecisionCreate(title="D", decision="X"))
    await projects.update_decision(decision.id, DecisionUpdate(rationale="Cheaper"))
    await projects.delete_decision(decision.id)
    for approve in (True, False):
        change = await projects.create_change_request(project_id, ChangeRequestCreate(title="C"))
        change = await projects.update_change_request(
            change.id, ChangeRequestUpdate(schedule_impact_days=Decimal(2))
        )
        change = await projects.submit_change_request(change.id, expected_version=change.version)
        if approve:
            await projects.approve_change_request(
                change.id, ChangeRequestApproval(set_baseline=3, note="ok")
            )
        else:
            await projects.reject_change_request(change.id, ChangeRequestRejection(note="no"))


async def exercise_webhook_subscriptions(projects: ProjectsClient) -> None:
    """The calls reporting makes to subscribe itself (a public literal address: the SSRF
    check needs no DNS; the subscription is gone before anything is delivered to it)."""
    body = WebhookSubscriptionCreate(url="https://93.184.216.34/hooks/pmo", description="answers")
    made = await projects.create_webhook_subscription(body)
    listed = await projects.list_webhook_subscriptions(limit=50)
    assert made.id in {s.id for s in listed.items}
    await projects.delete_webhook_subscription(made.id)
