"""Client of the projects service, one module per domain: ``portfolios``, ``projects``,
``members``, ``tasks``, ``planning`` (dependencies, critical path, baselines) and
``records`` (RAID log, change requests, status updates), ``facts`` (what governance
rules read), ``plans`` (a project created with its whole plan) and ``evm`` (earned
value and the metrics health reads). Each holds its DTOs, its
operations and its part of :class:`ProjectsClient`."""

from __future__ import annotations

from shared.clients.audit import AuditEndpoints
from shared.clients.projects.evm import EvmEndpoints
from shared.clients.projects.facts import FactEndpoints
from shared.clients.projects.members import MemberEndpoints
from shared.clients.projects.planning import PlanningEndpoints
from shared.clients.projects.plans import PlanEndpoints
from shared.clients.projects.portfolios import PortfolioEndpoints
from shared.clients.projects.projects import ProjectEndpoints
from shared.clients.projects.records import RecordEndpoints
from shared.clients.projects.tasks import TaskEndpoints


class ProjectsClient(
    PortfolioEndpoints,
    ProjectEndpoints,
    MemberEndpoints,
    TaskEndpoints,
    PlanningEndpoints,
    RecordEndpoints,
    FactEndpoints,
    PlanEndpoints,
    EvmEndpoints,
    AuditEndpoints,
):
    service = "projects"


__all__ = ["ProjectsClient"]
