"""The three services' OpenAPI documents, built from the real apps (no database: a
document is built from the routes alone)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI

from services.governance.config import GovernanceSettings
from services.governance.main import create_app as create_governance_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.reporting.config import ReportingSettings
from services.reporting.main import create_app as create_reporting_app

UNUSED_DB = "postgresql+asyncpg://unused@localhost/unused"
Document = dict[str, Any]


def service_apps() -> dict[str, FastAPI]:
    return {
        "projects": create_projects_app(ProjectsSettings(database_url=UNUSED_DB)),
        "governance": create_governance_app(GovernanceSettings(database_url=UNUSED_DB)),
        "reporting": create_reporting_app(
            ReportingSettings(database_url=UNUSED_DB, projects_url="http://projects")
        ),
    }


def operations(document: Document) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def all_operations(documents: dict[str, Document]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for document in documents.values():
        yield from operations(document)
