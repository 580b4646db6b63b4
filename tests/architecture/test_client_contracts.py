"""The typed clients in ``shared/clients`` against the OpenAPI documents of the services
they call, built in-process (no database, no server).

Every public method of a client calls the service through an :class:`Operation`, found
here in the method's own code, so a new method is checked the day it is written: its
operationId, method and path must be documented, and its DTOs must match the documented
bodies field by field (see ``wire_shapes``): the 2xx answer for response DTOs, the request
body for input DTOs. A field a service adds to a read schema fails here until its DTO reads
it or lists it in ``ignored_fields`` with the reason. Error answers and response headers are
not compared: only the success body is a DTO's business.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from types import CodeType, ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import BaseModel

import shared.clients
from shared.clients import InputModel, Operation, TypedClient, WireModel
from tests.architecture.wire_shapes import Rules, differences, from_python, from_schema, models_in

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


# --- the comparison -----------------------------------------------------------------------


def _find(document: Mapping[str, Any], operation_id: str) -> tuple[str, str, dict] | None:
    for path, item in document["paths"].items():
        for method, spec in item.items():
            if isinstance(spec, dict) and spec.get("operationId") == operation_id:
                return method.upper(), path, spec
    return None


def contract_problems(op: Operation, service: str) -> list[str]:
    document = openapi(service)
    found = _find(document, op.id)
    if found is None:
        return [f"{op.id}: the {service} service documents no such operationId"]
    method, path, spec = found
    problems = []
    if (method, path) != (op.method, op.path):
        problems.append(
            f"{op.id}: the client calls {op.method} {op.path}, the service {method} {path}"
        )
    problems += _answer_problems(op, spec, document)
    problems += _body_problems(op, spec, document)
    return problems


def _answer_problems(op: Operation, spec: Mapping[str, Any], document: Mapping) -> list[str]:
    schemas = [
        answer["content"][JSON]["schema"]
        for status, answer in spec.get("responses", {}).items()
        if str(status).startswith("2") and JSON in answer.get("content", {})
    ]
    if op.response is None:
        return [f"{op.id}: documents a JSON answer the client ignores"] if schemas else []
    if not schemas:
        return [f"{op.id}: documents no JSON schema for its success answer"]
    dto = from_python(op.response, writing=False)
    rules = Rules(sparse=op.sparse)
    return [
        problem
        for schema in schemas
        for problem in differences(from_schema(schema, document), dto, f"{op.id} answer", rules)
    ]


def _body_problems(op: Operation, spec: Mapping[str, Any], document: Mapping) -> list[str]:
    request = spec.get("requestBody", {})
    schema = request.get("content", {}).get(JSON, {}).get("schema")
    if op.body is None:
        return [f"{op.id}: the service requires a body"] if request.get("required") else []
    if schema is None:
        return [f"{op.id}: the client sends a body the service does not document"]
    # An optional body is documented as "object or null"; the client sends an object.
    service = replace(from_schema(schema, document), nullable=False)
    dto = from_python(op.body, writing=True)
    return list(differences(service, dto, f"{op.id} body", Rules(writing=True)))


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize(("client", "method"), CASES, ids=[f"{c.service}.{m}" for c, m in CASES])
def test_client_method_matches_the_documented_operation(
    client: type[TypedClient], method: str
) -> None:
    ops = operations(client, method)
    assert ops, f"{client.__name__}.{method} calls the service through no Operation"
    problems = [problem for op in ops for problem in contract_problems(op, client.service)]
    assert not problems, "\n".join(problems)


def _dto_classes() -> set[type[BaseModel]]:
    return {
        cls
        for module in client_modules()
        for name, cls in vars(module).items()
        if inspect.isclass(cls)
        and issubclass(cls, WireModel | InputModel)
        and cls.__module__ == module.__name__
        and cls not in (WireModel, InputModel)
        and not name.startswith("_")
    }


def _checked_dto_classes() -> set[type[BaseModel]]:
    checked: set[type[BaseModel]] = set()
    for client, method in CASES:
        for op in operations(client, method):
            for model, writing in ((op.response, False), (op.body, True)):
                if model is not None:
                    checked.update(models_in(from_python(model, writing=writing)))
    # A parametrized generic (Page[X]) counts for the generic class it was made from.
    origins = {model.__pydantic_generic_metadata__["origin"] for model in checked}
    return checked | {origin for origin in origins if origin is not None}


def test_every_dto_is_checked_against_a_documented_operation() -> None:
    unchecked = sorted(cls.__qualname__ for cls in _dto_classes() - _checked_dto_classes())
    assert not unchecked, f"DTOs no client operation uses (so nothing checks them): {unchecked}"


def test_the_clients_and_their_endpoints_are_found() -> None:
    """The discovery above is what makes the contract hold: it must see every client."""
    assert [cls.service for cls in client_classes()] == ["governance", "projects", "reporting"]
    methods = {f"{cls.service}.{name}" for cls, name in CASES}
    assert {
        "projects.get_project",
        "projects.list_audit_records",
        "reporting.portfolio_summary",
    } <= methods
    assert "projects.fetch" not in methods and "projects.healthy" not in methods
