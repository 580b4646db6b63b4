from __future__ import annotations

from services.gateway.batching import LoaderGroup, project_pages
from shared.clients.projects import ProjectsClient


class RecordLoaders(LoaderGroup):
    """Each list's first pages through its batch endpoint (one call per page size, whatever
    the number of projects); later pages through the project's list."""

    risks = project_pages(ProjectsClient.risks_by_project, ProjectsClient.list_risks)
    issues = project_pages(ProjectsClient.issues_by_project, ProjectsClient.list_issues)
    assumptions = project_pages(
        ProjectsClient.assumptions_by_project, ProjectsClient.list_assumptions
    )
    decisions = project_pages(ProjectsClient.decisions_by_project, ProjectsClient.list_decisions)
    change_requests = project_pages(
        ProjectsClient.change_requests_by_project, ProjectsClient.list_change_requests
    )
    status_updates = project_pages(
        ProjectsClient.status_updates_by_project, ProjectsClient.list_status_updates
    )
