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

import inspect
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest
from pydantic import BaseModel

from shared.clients import InputModel, Operation, TypedClient, WireModel
from tests.architecture.client_operations import (
    CASES,
    JSON,
    client_classes,
    client_modules,
    find_operation,
    openapi,
    operations,
    success_schemas,
)
from tests.architecture.wire_shapes import Rules, differences, from_python, from_schema, models_in

# --- the comparison -----------------------------------------------------------------------


def contract_problems(op: Operation, service: str) -> list[str]:
    document = openapi(service)
    found = find_operation(document, op.id)
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
    schemas = success_schemas(spec)
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
        # A body that is not JSON (a file upload) is sent as bytes, with no DTO to compare.
        required = request.get("required") and schema is not None
        return [f"{op.id}: the service requires a body"] if required else []
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
