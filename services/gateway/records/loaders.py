from __future__ import annotations

from services.gateway.batching import LoaderGroup, project_pages
from shared.clients.projects import ProjectsClient


class RecordLoaders(LoaderGroup):
    risks = project_pages(ProjectsClient.list_risks)
    issues = project_pages(ProjectsClient.list_issues)
    assumptions = project_pages(ProjectsClient.list_assumptions)
    decisions = project_pages(ProjectsClient.list_decisions)
    change_requests = project_pages(ProjectsClient.list_change_requests)
    status_updates = project_pages(ProjectsClient.list_status_updates)
