"""Client of the projects service, one module per domain: ``portfolios``, ``programs``,
``projects``, ``members``, ``tasks``, ``planning`` (dependencies, critical path, baselines),
``records`` (RAID log, change requests, status updates), ``costs`` (actual costs),
``resources`` (the resource pool), ``assignments`` (resources on tasks), ``facts`` (what
governance rules read), ``plans`` (a project created with its whole plan),
``evm`` (earned value and the metrics health reads), ``dashboard`` (a portfolio's
dashboard facts), ``capacity`` (load against capacity, over-allocations), ``levelling``
(jobs, levelling previews and applying them), ``what_if`` (what-ifs on resources),
``forecasts`` (schedule risk analyses and the latest forecasts) and ``corrective``
(corrective-action options). Each
holds its DTOs, its operations and its part of :class:`ProjectsClient`."""

from __future__ import annotations

from shared.clients.audit import AuditEndpoints
from shared.clients.events import EventEndpoints
from shared.clients.projects.assignments import AssignmentEndpoints
from shared.clients.projects.calendars import CalendarEndpoints
from shared.clients.projects.capacity import CapacityEndpoints
from shared.clients.projects.corrective import CorrectiveEndpoints
from shared.clients.projects.costs import CostEndpoints
from shared.clients.projects.dashboard import DashboardEndpoints
from shared.clients.projects.evm import EvmEndpoints
from shared.clients.projects.facts import FactEndpoints
from shared.clients.projects.forecasts import ForecastEndpoints
from shared.clients.projects.imports import ImportEndpoints
from shared.clients.projects.levelling import LevellingEndpoints
from shared.clients.projects.members import MemberEndpoints
from shared.clients.projects.planning import PlanningEndpoints
from shared.clients.projects.plans import PlanEndpoints
from shared.clients.projects.portfolios import PortfolioEndpoints
from shared.clients.projects.programs import ProgramEndpoints
from shared.clients.projects.projects import ProjectEndpoints
from shared.clients.projects.record_edits import RecordEditEndpoints
from shared.clients.projects.records import RecordEndpoints
from shared.clients.projects.resources import ResourceEndpoints
from shared.clients.projects.tasks import TaskEndpoints
from shared.clients.projects.what_if import WhatIfEndpoints
from shared.clients.webhooks import WebhookSubscriptionEndpoints


class ProjectsClient(
    PortfolioEndpoints,
    ProgramEndpoints,
    ProjectEndpoints,
    MemberEndpoints,
    TaskEndpoints,
    PlanningEndpoints,
    RecordEndpoints,
    RecordEditEndpoints,
    CalendarEndpoints,
    ImportEndpoints,
    CostEndpoints,
    ResourceEndpoints,
    AssignmentEndpoints,
    FactEndpoints,
    PlanEndpoints,
    EvmEndpoints,
    AuditEndpoints,
    EventEndpoints,
    DashboardEndpoints,
    CapacityEndpoints,
    LevellingEndpoints,
    WhatIfEndpoints,
    ForecastEndpoints,
    CorrectiveEndpoints,
    WebhookSubscriptionEndpoints,
):
    service = "projects"


__all__ = ["ProjectsClient"]
