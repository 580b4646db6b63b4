"""Dependencies the reporting routers share: the upstream clients (they forward the
caller's token) and the clock."""

from typing import Annotated

from fastapi import Depends, Request

from services.reporting.clock import Clock
from shared.clients.governance import GovernanceClient
from shared.clients.projects import ProjectsClient


def projects_client(request: Request) -> ProjectsClient:
    client: ProjectsClient = request.app.state.projects_client
    return client


def governance_client(request: Request) -> GovernanceClient:
    client: GovernanceClient = request.app.state.governance_client
    return client


def clock(request: Request) -> Clock:
    current: Clock = request.app.state.clock
    return current


Projects = Annotated[ProjectsClient, Depends(projects_client)]
Governance = Annotated[GovernanceClient, Depends(governance_client)]
CurrentClock = Annotated[Clock, Depends(clock)]
