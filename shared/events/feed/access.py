"""Who reads which part of a feed: the global read roles (admin, pmo, executive and the
services' own identities) every event; anyone else one project's events at a time, with
``?project_id=`` of a project they may read (a project they may not see is a 404, as if it
did not exist). Events of other projects never reach them: the filter is in the SQL."""

from __future__ import annotations

import uuid

from fastapi import Request

from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.errors import Forbidden
from shared.reads import Reader


def needs_project(principal: Principal, project_id: uuid.UUID | None) -> bool:
    """Whether the caller's access to ``project_id`` must still be checked; Forbidden when a
    caller without a global read role asks for every project's events."""
    if principal.can_read_all:
        return False
    if project_id is None:
        raise Forbidden(
            "Reading every project's events needs one of the roles admin, pmo or executive; "
            "project members read their project's events with ?project_id=."
        )
    return True


async def via_projects_service(
    principal: Principal, request: Request, reader: Reader, project_id: uuid.UUID | None
) -> None:
    """The feed access of a service that asks the projects service (``app.state.
    projects_client``, the caller's token): a project it answers 404 for is a 404 here."""
    if needs_project(principal, project_id):
        assert project_id is not None
        projects: ProjectsClient = request.app.state.projects_client
        await projects.role_of(project_id, principal.subject)
