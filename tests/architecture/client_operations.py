"""What the client contract tests check: the services' OpenAPI documents, built in-process
(no database, no server), and every operation the typed clients in ``shared/clients`` call.

Every public method of a client calls its service through an :class:`Operation`, found here
in the method's own code (and in the client's helpers it calls), so a new method is
checked the day it is written."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from types import CodeType, ModuleType
from typing import Any

from fastapi import FastAPI

import shared.clients
from shared.clients import Operation, TypedClient

UNUSED_DATABASE = "postgresql+asyncpg://contract@127.0.0.1:1/contract"
JSON = "application/json"


def _projects_app() -> FastAPI:
    from services.projects.config import ProjectsSettings
    from services.projects.main import create_app

    return create_app(ProjectsSettings(database_url=UNUSED_DATABASE))


def _governance_app() -> FastAPI:
    from services.governance.config import GovernanceSettings
    from services.governance.main import create_app

    return create_app(GovernanceSettings(database_url=UNUSED_DATABASE))


def _reporting_app() -> FastAPI:
    from services.reporting.config import ReportingSettings
    from services.reporting.main import create_app

    return create_app(ReportingSettings(database_url=UNUSED_DATABASE))


SERVICES: Mapping[str, Callable[[], FastAPI]] = {
    "projects": _projects_app,
    "governance": _governance_app,
    "reporting": _reporting_app,
}


@cache
def openapi(service: str) -> dict[str, Any]:
    return SERVICES[service]().openapi()


# --- the clients' side ---------------------------------------------------------------------


def client_modules() -> list[ModuleType]:
    package = shared.clients
    names = [m.name for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")]
    return [package, *(importlib.import_module(name) for name in names)]


def client_classes() -> list[type[TypedClient]]:
    """The concrete clients: those naming the service they call."""
    found = {
        cls
        for module in client_modules()
        for cls in vars(module).values()
        if inspect.isclass(cls) and issubclass(cls, TypedClient) and "service" in vars(cls)
    }
    return sorted(found, key=lambda cls: cls.service)


def _is_endpoint_code(cls: type, name: str) -> bool:
    """Defined by a client or one of its parts, not by the base class's plumbing."""
    for owner in cls.__mro__:
        if name in vars(owner):
            return issubclass(owner, TypedClient) and owner is not TypedClient
    return False


def endpoint_methods(cls: type[TypedClient]) -> list[str]:
    return sorted(
        name
        for name in dir(cls)
        if not name.startswith("_")
        and inspect.iscoroutinefunction(getattr(cls, name))
        and _is_endpoint_code(cls, name)
    )


def _codes(code: CodeType) -> Iterator[CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _codes(const)


def operations(cls: type[TypedClient], name: str, seen: set[str] | None = None) -> list[Operation]:
    """The operations a method names in its code, and in the client's own helpers it calls."""
    seen = seen if seen is not None else set()
    seen.add(name)
    function = inspect.unwrap(getattr(cls, name))
    found: list[Operation] = []
    for code in _codes(function.__code__):
        for used in code.co_names:
            value = function.__globals__.get(used)
            if isinstance(value, Operation) and value not in found:
                found.append(value)
            elif used not in seen and _is_endpoint_code(cls, used) and callable(getattr(cls, used)):
                found += [op for op in operations(cls, used, seen) if op not in found]
    return found


CASES = [(cls, name) for cls in client_classes() for name in endpoint_methods(cls)]


def find_operation(document: Mapping[str, Any], operation_id: str) -> tuple[str, str, dict] | None:
    for path, item in document["paths"].items():
        for method, spec in item.items():
            if isinstance(spec, dict) and spec.get("operationId") == operation_id:
                return method.upper(), path, spec
    return None


def success_schemas(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The JSON schemas of an operation's 2xx answers (error answers are not a DTO's business)."""
    return [
        answer["content"][JSON]["schema"]
        for status, answer in spec.get("responses", {}).items()
        if str(status).startswith("2") and JSON in answer.get("content", {})
    ]
