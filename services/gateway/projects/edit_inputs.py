"""Inputs of the project mutations beyond create/update: status transitions, deletion,
membership."""

from __future__ import annotations

import strawberry

from services.gateway.projects.types import ProjectRole, ProjectStatus

EXPECTED_VERSION = "The version you read; a newer one makes this a userError (code STALE)."


@strawberry.input(description="Move a project to another status (the service's rules say which).")
class ChangeProjectStatusInput:
    id: strawberry.ID
    status: ProjectStatus
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Delete a project with everything it holds.")
class DeleteProjectInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Bring an archived (deleted) project back (admin, pmo).")
class RestoreProjectInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(
    description="Erase an archived project and everything under it (admin), once its "
    "retention period has passed."
)
class PurgeProjectInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Give a user a role on a project.")
class AddProjectMemberInput:
    project_id: strawberry.ID
    user_id: str
    role: ProjectRole
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key answers the first result."
    )


@strawberry.input(description="Change a member's role.")
class ChangeProjectMemberRoleInput:
    project_id: strawberry.ID
    id: strawberry.ID = strawberry.field(description="The membership's id.")
    role: ProjectRole
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Take a user's role on a project away.")
class RemoveProjectMemberInput:
    project_id: strawberry.ID
    id: strawberry.ID = strawberry.field(description="The membership's id.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Change a portfolio's fields.")
class UpdatePortfolioInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
