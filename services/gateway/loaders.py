"""This request's DataLoaders, one group per domain (each group lives beside its domain's
types), every group and every loader built on first use: most queries touch one or two,
and building all of them on every request measured ~4% of a simple query's CPU."""

from __future__ import annotations

from services.gateway.assignments.loaders import AssignmentLoaders
from services.gateway.batching import LoaderGroup, PerRequest
from services.gateway.capacity.loaders import CapacityLoaders
from services.gateway.compliance.loaders import ComplianceLoaders
from services.gateway.costs.loaders import CostLoaders
from services.gateway.dashboard.loaders import DashboardLoaders
from services.gateway.evm.loaders import EvmLoaders
from services.gateway.forecasts.loaders import ForecastLoaders
from services.gateway.gates.loaders import GateLoaders
from services.gateway.governance.loaders import GovernanceLoaders
from services.gateway.lessons.loaders import LessonLoaders
from services.gateway.lifecycles.loaders import LifecycleLoaders
from services.gateway.planning.loaders import PlanningLoaders
from services.gateway.portfolios.loaders import PortfolioLoaders
from services.gateway.programs.loaders import ProgramLoaders
from services.gateway.projects.loaders import ProjectLoaders
from services.gateway.records.loaders import RecordLoaders
from services.gateway.reporting.loaders import ReportingLoaders
from services.gateway.resources.loaders import ResourceLoaders
from services.gateway.tasks.loaders import TaskLoaders
from services.gateway.templates.loaders import TemplateLoaders


class Loaders(LoaderGroup):
    portfolios = PerRequest(PortfolioLoaders)
    programs = PerRequest(ProgramLoaders)
    projects = PerRequest(ProjectLoaders)
    tasks = PerRequest(TaskLoaders)
    planning = PerRequest(PlanningLoaders)
    records = PerRequest(RecordLoaders)
    costs = PerRequest(CostLoaders)
    resources = PerRequest(ResourceLoaders)
    assignments = PerRequest(AssignmentLoaders)
    governance = PerRequest(GovernanceLoaders)
    compliance = PerRequest(ComplianceLoaders)
    lessons = PerRequest(LessonLoaders)
    lifecycles = PerRequest(LifecycleLoaders)
    gates = PerRequest(GateLoaders)
    reporting = PerRequest(ReportingLoaders)
    dashboard = PerRequest(DashboardLoaders)
    evm = PerRequest(EvmLoaders)
    templates = PerRequest(TemplateLoaders)
    capacity = PerRequest(CapacityLoaders)
    forecasts = PerRequest(ForecastLoaders)
