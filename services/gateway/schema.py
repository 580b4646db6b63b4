"""The one GraphQL schema, composed from the domain packages, with its limits."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
import structlog
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from services.gateway.assignments.mutations import AssignmentMutations
from services.gateway.audit.queries import AuditQueries
from services.gateway.compliance.mutations import ComplianceMutations
from services.gateway.compliance.queries import ComplianceQueries
from services.gateway.config import GatewaySettings
from services.gateway.corrective.mutations import CorrectiveMutations
from services.gateway.corrective_actions.mutations import CorrectiveActionMutations
from services.gateway.corrective_actions.queries import CorrectiveActionQueries
from services.gateway.costs.mutations import CostMutations
from services.gateway.deliverables.mutations import DeliverableMutations
from services.gateway.deliverables.queries import DeliverableQueries
from services.gateway.documents import DocumentCache
from services.gateway.errors import UpstreamErrors, is_ours, should_mask
from services.gateway.forecasts.mutations import ForecastMutations
from services.gateway.forecasts.queries import ForecastQueries
from services.gateway.gates.mutations import GateMutations
from services.gateway.gates.queries import GateQueries
from services.gateway.governance.mutations import GovernanceMutations
from services.gateway.governance.queries import GovernanceQueries
from services.gateway.imports.mutations import ImportMutations
from services.gateway.lessons.mutations import LessonMutations
from services.gateway.lessons.queries import LessonQueries
from services.gateway.levelling.mutations import LevellingMutations
from services.gateway.levelling.queries import LevellingQueries
from services.gateway.lifecycles.mutations import LifecycleMutations
from services.gateway.lifecycles.queries import LifecycleQueries
from services.gateway.limits import CostBudget, validation_rules
from services.gateway.live.subscriptions import Subscription
from services.gateway.planning.mutations import PlanningMutations
from services.gateway.portfolios.mutations import PortfolioMutations
from services.gateway.portfolios.queries import PortfolioQueries
from services.gateway.programs.mutations import ProgramMutations
from services.gateway.programs.queries import ProgramQueries
from services.gateway.projects.edits import ProjectEditMutations
from services.gateway.projects.mutations import ProjectMutations
from services.gateway.projects.queries import ProjectQueries
from services.gateway.records.change_requests import ChangeRequestMutations
from services.gateway.records.mutations import RecordMutations
from services.gateway.relay.queries import NodeQueries
from services.gateway.reporting.mutations import ReportingMutations
from services.gateway.reporting.queries import ReportingQueries
from services.gateway.resources.mutations import ResourceMutations
from services.gateway.resources.queries import ResourceQueries
from services.gateway.resources.removals import ResourceRemovalMutations
from services.gateway.tasks.edits import TaskEditMutations
from services.gateway.tasks.mutations import TaskMutations
from services.gateway.templates.mutations import TemplateMutations
from services.gateway.templates.queries import TemplateQueries
from services.gateway.what_if.mutations import WhatIfMutations
from services.gateway.what_if.queries import WhatIfQueries
from shared.settings import Environment, platform_settings

log = structlog.get_logger("pmo.gateway")

Query = merge_types(
    "Query",
    (
        NodeQueries,
        PortfolioQueries,
        ProgramQueries,
        ResourceQueries,
        ProjectQueries,
        GovernanceQueries,
        ComplianceQueries,
        LessonQueries,
        LifecycleQueries,
        GateQueries,
        DeliverableQueries,
        TemplateQueries,
        ReportingQueries,
        CorrectiveActionQueries,
        AuditQueries,
        LevellingQueries,
        WhatIfQueries,
        ForecastQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        PortfolioMutations,
        ProgramMutations,
        ProjectMutations,
        ProjectEditMutations,
        TaskMutations,
        TaskEditMutations,
        PlanningMutations,
        RecordMutations,
        ChangeRequestMutations,
        ImportMutations,
        CostMutations,
        ResourceMutations,
        ResourceRemovalMutations,
        AssignmentMutations,
        GovernanceMutations,
        ComplianceMutations,
        LessonMutations,
        LifecycleMutations,
        GateMutations,
        DeliverableMutations,
        TemplateMutations,
        ReportingMutations,
        CorrectiveActionMutations,
        LevellingMutations,
        WhatIfMutations,
        CorrectiveMutations,
        ForecastMutations,
    ),
)


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Upstream problems and bad input are answers, not incidents: log only the rest, once,
        # with the stack, before MaskErrors hides them from the client.
        for error in errors:
            if not is_ours(error):
                log.error("graphql_error", message=error.message, exc_info=error.original_error)


def build_schema(settings: GatewaySettings) -> strawberry.Schema:
    rules = validation_rules(
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
        introspection=settings.introspection,
    )
    documents = DocumentCache(
        rules=rules, max_tokens=settings.max_tokens, maxsize=settings.document_cache_size
    )
    budget = CostBudget(settings.max_cost, documents.parse, cache_size=settings.document_cache_size)
    # The cost check runs after the document cache's validation: order matters.
    extensions: list[Callable[[], SchemaExtension]] = [
        documents.extension,
        budget.extension,
        UpstreamErrors,
    ]
    mask_errors = settings.mask_errors
    if mask_errors is None:
        mask_errors = platform_settings().environment is Environment.production
    if mask_errors:
        extensions.append(lambda: MaskErrors(should_mask_error=should_mask))
    return GatewaySchema(
        query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions
    )
