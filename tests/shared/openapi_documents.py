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


SHARED_PARTS = ("#/components/responses/", "#/components/headers/")


def with_shared_parts_inline(document: Document) -> Document:
    """The document with every reference to a shared response or header replaced by what it
    names (schemas stay references), as a client reading it resolves them. A reference to
    nothing is a KeyError."""

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            target = node.get("$ref", "")
            if target.startswith(SHARED_PARTS):
                kind, name = target.removeprefix("#/components/").split("/")
                return inline(document["components"][kind][name])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return {**document, "paths": inline(document["paths"])}


def operations(document: Document) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def all_operations(documents: dict[str, Document]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for document in documents.values():
        yield from operations(document)
