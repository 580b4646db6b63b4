"""Project mutations beyond create/update: status transitions, deletion, membership, and
a portfolio's edits."""

from __future__ import annotations

from contextlib import suppress

import strawberry

from services.gateway.context import GatewayContext
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, action, mutation
from services.gateway.portfolios.types import Portfolio
from services.gateway.projects.edit_inputs import (
    AddProjectMemberInput,
    ChangeProjectMemberRoleInput,
    ChangeProjectStatusInput,
    DeleteProjectInput,
    PurgeProjectInput,
    RemoveProjectMemberInput,
    RestoreProjectInput,
    UpdatePortfolioInput,
)
from services.gateway.projects.mutations import UpdateProjectPayload
from services.gateway.projects.types import ProjectMember
from shared.clients.projects.members import MemberCreate, MemberDTO, MemberUpdate
from shared.clients.projects.portfolios import PortfolioDTO, PortfolioUpdate
from shared.clients.projects.projects import ProjectDTO, ProjectUpdate


@strawberry.type
class DeleteProjectPayload:
    deleted_project_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class PurgeProjectPayload:
    purged_project_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class ProjectMemberPayload:
    member: ProjectMember | None
    user_errors: list[UserError]


@strawberry.type
class RemoveProjectMemberPayload:
    removed_member_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class UpdatePortfolioPayload:
    portfolio: Portfolio | None
    user_errors: list[UserError]


async def _change_status(
    context: GatewayContext, input: ChangeProjectStatusInput, body: ProjectUpdate
) -> ProjectDTO:
    project_id, version = parse_id(input.id), input.expected_version
    return await context.clients.projects.update_project(project_id, body, expected_version=version)


async def _delete(context: GatewayContext, input: DeleteProjectInput) -> None:
    project_id = parse_id(input.id)
    await context.clients.projects.delete_project(
        project_id, expected_version=input.expected_version
    )
    with suppress(KeyError):
        context.loaders.projects.project.clear(project_id)


async def _restore(context: GatewayContext, input: RestoreProjectInput) -> ProjectDTO:
    project_id = parse_id(input.id)
    project = await context.clients.projects.restore_project(
        project_id, expected_version=input.expected_version
    )
    context.loaders.projects.project.prime(project_id, project, force=True)
    return project


async def _purge(context: GatewayContext, input: PurgeProjectInput) -> None:
    project_id = parse_id(input.id)
    await context.clients.projects.purge_project(
        project_id, expected_version=input.expected_version
    )
    with suppress(KeyError):
        context.loaders.projects.project.clear(project_id)


async def _add_member(
    context: GatewayContext, input: AddProjectMemberInput, body: MemberCreate
) -> MemberDTO:
    project_id = parse_id(input.project_id, "projectId")
    key = input.idempotency_key
    return await context.clients.projects.add_member(project_id, body, idempotency_key=key)


async def _change_role(
    context: GatewayContext, input: ChangeProjectMemberRoleInput, body: MemberUpdate
) -> MemberDTO:
    project_id, member_id = parse_id(input.project_id, "projectId"), parse_id(input.id)
    return await context.clients.projects.update_member(
        project_id, member_id, body, expected_version=input.expected_version
    )


async def _remove_member(context: GatewayContext, input: RemoveProjectMemberInput) -> None:
    project_id, member_id = parse_id(input.project_id, "projectId"), parse_id(input.id)
    await context.clients.projects.remove_member(
        project_id, member_id, expected_version=input.expected_version
    )


async def _update_portfolio(
    context: GatewayContext, input: UpdatePortfolioInput, body: PortfolioUpdate
) -> PortfolioDTO:
    portfolio_id, version = parse_id(input.id), input.expected_version
    return await context.clients.projects.update_portfolio(
        portfolio_id, body, expected_version=version
    )


@strawberry.type
class ProjectEditMutations:
    change_project_status = mutation(
        UpdateProjectPayload,
        _change_status,
        lambda loaders: loaders.projects.project,
        conflict_field="status",
        precondition_field="expectedVersion",
        description="Move a project to another status (proposed, approved, active, on hold, "
        "completed, cancelled) as the service's transition rules allow.",
    )
    delete_project = action(
        DeleteProjectPayload,
        _delete,
        conflict_field="id",
        description="Delete a project (admin, pmo): it is archived, not erased: hidden from "
        "every list and from everyone but admin and pmo, restorable with restoreProject, "
        "erased only by purgeProject after the retention period.",
    )
    restore_project = action(
        UpdateProjectPayload,
        _restore,
        conflict_field="id",
        description="Bring an archived (deleted) project back as it was (admin, pmo).",
    )
    purge_project = action(
        PurgeProjectPayload,
        _purge,
        conflict_field="id",
        description="Erase an archived project and everything under it for good (admin), "
        "once the retention period since it was archived has passed; the purge is audited.",
    )
    add_project_member = mutation(
        ProjectMemberPayload,
        _add_member,
        None,
        conflict_field="userId",
        description="Give a user a role on a project.",
    )
    change_project_member_role = mutation(
        ProjectMemberPayload,
        _change_role,
        None,
        conflict_field="role",
        precondition_field="expectedVersion",
        description="Change a member's role on a project.",
    )
    remove_project_member = action(
        RemoveProjectMemberPayload,
        _remove_member,
        conflict_field="id",
        description="Take a user's role on a project away.",
    )
    update_portfolio = mutation(
        UpdatePortfolioPayload,
        _update_portfolio,
        lambda loaders: loaders.portfolios.portfolio,
        conflict_field="name",
        precondition_field="expectedVersion",
        description="Change a portfolio's name, description or currency.",
    )
