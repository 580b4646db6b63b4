"""Dependencies governance routers share."""

from typing import Annotated

from fastapi import Depends, Request

from services.governance.gates.phases import ProjectPhases
from shared.clients.projects import ProjectsClient


def projects_client(request: Request) -> ProjectsClient:
    """The app's client of the projects service (it forwards the caller's token)."""
    client: ProjectsClient = request.app.state.projects_client
    return client


Projects = Annotated[ProjectsClient, Depends(projects_client)]


def project_phases(request: Request) -> ProjectPhases:
    """Moves projects between phases as the governance service (gate decisions only)."""
    phases: ProjectPhases = request.app.state.project_phases
    return phases


Phases = Annotated[ProjectPhases, Depends(project_phases)]
