"""Dependencies governance routers share."""

from typing import Annotated

from fastapi import Depends, Request

from shared.clients.projects import ProjectsClient


def projects_client(request: Request) -> ProjectsClient:
    """The app's client of the projects service (it forwards the caller's token)."""
    client: ProjectsClient = request.app.state.projects_client
    return client


Projects = Annotated[ProjectsClient, Depends(projects_client)]
