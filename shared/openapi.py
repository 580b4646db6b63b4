"""The OpenAPI document of a service, corrected to say what the service really does.

FastAPI documents what a route's signature shows: parameters, the body, the success
model. What the shared infrastructure adds around every route it cannot see: the bearer
token (:mod:`shared.auth`), ``Idempotency-Key`` on POST (:mod:`shared.idempotency`),
``If-Match`` and ``ETag`` (:mod:`shared.concurrency`), the request guards (413, 415, and 422
for text PostgreSQL cannot store), the rate limits (429 and the ``RateLimit-*`` headers of
:mod:`shared.ratelimit`), the outages every request can meet (503: the database, the token
keys, an upstream) and the problem+json errors of :mod:`shared.problems`.
So the document is post-processed once, from facts read off each route (its dependencies,
path parameters, body and method), and no route repeats any of it by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, APIRouter

from shared.auth import current_principal
from shared.concurrency import if_match_header
from shared.openapi_parts import (
    BEARER_SCHEME,
    COMPONENT_HEADERS,
    COMPONENT_SCHEMAS,
    IDEMPOTENCY_KEY_PARAMETER,
    RATE_LIMIT_HEADERS,
    RESPONSE_NAMES,
    RETRY_AFTER_HEADER,
    SECURITY_SCHEMES,
    header_ref,
    problem_content,
    required,
    sentence_summary,
)
from shared.permissions import Rule, permission_sentence
from shared.ratelimit import EXEMPT_PATHS

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
WRITE_METHODS = BODY_METHODS | {"DELETE"}
# FastAPI's own 422 body, which the services never send (they send a problem).
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


@dataclass(frozen=True, slots=True)
class RouteFacts:
    """What the shared infrastructure does around one operation, read off its route."""

    method: str
    authenticated: bool
    honours_if_match: bool
    json_body: bool
    other_body: bool
    path_parameters: bool
    inputs: bool
    calls_upstream: bool
    # A probe (/healthz, /readyz): not rate-limited, and it declares its own failures.
    probe: bool

    @classmethod
    def of(cls, route: APIRoute, method: str, calls_upstream: bool) -> RouteFacts:
        calls = set(_dependency_calls(route.dependant))
        params = _all_parameters(route.dependant)
        return cls(
            method=method,
            authenticated=current_principal in calls,
            honours_if_match=if_match_header in calls,
            json_body=route.body_field is not None,
            # A body the route reads itself (a file upload), described in openapi_extra.
            other_body="requestBody" in (route.openapi_extra or {}),
            path_parameters=bool(params["path"]),
            inputs=any(params.values())
            or route.body_field is not None
            or bool(route.openapi_extra),
            calls_upstream=calls_upstream,
            probe=route.path in EXEMPT_PATHS,
        )

    @property
    def idempotent_post(self) -> bool:
        # The idempotency middleware serves every POST that carries a key.
        return self.method == "POST"


def error_statuses(facts: RouteFacts) -> dict[int, str]:
    """Every error status the route can answer, with what it means there.

    What a route's signature cannot show is documented wherever it can happen: 403 on
    every authenticated operation (roles and project membership are checked inside the
    services), 409 on every write (a uniqueness race on any write becomes a 409 in
    :mod:`shared.problems`, and POSTs have the idempotency 409), 429 and 503 on every
    operation but the probes (the rate limiter refuses before the route; the database or
    the token keys can be unreachable for any request)."""
    statuses: dict[int, str] = {}
    if facts.json_body:
        statuses[400] = "The body is not valid JSON."
    elif facts.other_body:
        statuses[400] = "The body cannot be parsed as its `Content-Type` says."
    if facts.authenticated:
        statuses[401] = "No bearer token, or one that is expired or not valid."
        statuses[403] = "The caller's roles or project membership do not allow this."
    if facts.path_parameters:
        statuses[404] = "Not found, or not visible to the caller."
    if facts.method in WRITE_METHODS:
        statuses[409] = _conflict_description(facts)
    if facts.honours_if_match:
        statuses[412] = "`If-Match` names a version that is no longer current."
    if facts.method in BODY_METHODS:
        statuses[413] = "The body is larger than this operation accepts."
        statuses[415] = "The body's `Content-Type` is not one this operation accepts."
    if facts.inputs or facts.idempotent_post:
        statuses[422] = _validation_description(facts)
    if not facts.probe:
        statuses[429] = "The caller's rate limit is reached: retry after `Retry-After` seconds."
    statuses[500] = "Unexpected error: the cause is logged under the problem's `request_id`."
    if facts.calls_upstream:
        statuses[502] = "An upstream service failed or could not be reached."
        statuses[504] = "An upstream service did not answer in time."
    if not facts.probe:
        statuses[503] = _unavailable_description(facts)
    return statuses


def _unavailable_description(facts: RouteFacts) -> str:
    causes = ["the database"]
    if facts.authenticated:
        causes.append("the token keys (JWKS)")
    if facts.calls_upstream:
        causes.append("an upstream service")
    listed = ", ".join(causes[:-1]) + (" or " if len(causes) > 1 else "") + causes[-1]
    text = (
        f"Unavailable for now: {listed} cannot be reached. Retry after `Retry-After` "
        "seconds where it is sent."
    )
    if facts.method in WRITE_METHODS:
        text += (
            " Of type `outcome-unknown` when the connection was lost during the commit: the "
            "change may have been applied; retry with the same `Idempotency-Key`, or read "
            "the resource back."
        )
    return text


def _conflict_description(facts: RouteFacts) -> str:
    text = "The change conflicts with the current state (a taken key, a status that forbids it)."
    if facts.idempotent_post:
        text += (
            " Or a request with this `Idempotency-Key` is still running, or was applied but"
            " its answer lost (`already-applied`: read the resource back)."
        )
    return text


def _validation_description(facts: RouteFacts) -> str:
    text = (
        "Invalid input: `errors` names each field. Text holding NUL or unpaired surrogate "
        "characters is refused here too."
    )
    if facts.idempotent_post:
        text += " Or this `Idempotency-Key` was used with another request."
    return text


def _dependency_calls(dependant: Dependant) -> Iterable[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _dependency_calls(sub)


def _all_parameters(dependant: Dependant) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {"path": [], "query": [], "header": [], "cookie": []}
    pending = [dependant]
    while pending:
        current = pending.pop()
        found["path"] += current.path_params
        found["query"] += current.query_params
        found["header"] += current.header_params
        found["cookie"] += current.cookie_params
        pending.extend(current.dependencies)
    return found


@dataclass(frozen=True)
class DocumentRules:
    """The routes behind the document's operations (by operation id), the service's
    summaries, and which operations call an upstream service."""

    routes: Mapping[str, APIRoute]
    summaries: Mapping[str, str]
    upstream_operations: frozenset[str]
    permissions: Mapping[str, Rule] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        routers: Iterable[APIRouter],
        summaries: Mapping[str, str],
        upstream_routers: Iterable[APIRouter] = (),
        permissions: Mapping[str, Rule] | None = None,
    ) -> DocumentRules:
        routes = {r.operation_id: r for r in _api_routes(routers) if r.operation_id}
        upstream = frozenset(r.operation_id for r in _api_routes(upstream_routers))
        return cls(routes, summaries, frozenset(op for op in upstream if op), permissions or {})


def _api_routes(routers: Iterable[APIRouter]) -> Iterable[APIRoute]:
    for router in routers:
        yield from (route for route in router.routes if isinstance(route, APIRoute))


def correct_document(document: dict[str, Any], rules: DocumentRules) -> dict[str, Any]:
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    schemas.update(COMPONENT_SCHEMAS)
    components.setdefault("securitySchemes", {}).update(SECURITY_SCHEMES)
    components.setdefault("headers", {}).update(COMPONENT_HEADERS)
    shared = components.setdefault("responses", {})
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            route = rules.routes.get(operation.get("operationId", ""))
            if route is not None:
                _correct_operation(operation, route, method.upper(), rules, schemas, shared)
    return document


def _correct_operation(
    operation: dict[str, Any],
    route: APIRoute,
    method: str,
    rules: DocumentRules,
    schemas: Mapping[str, Any],
    shared: dict[str, Any],
) -> None:
    operation_id = operation["operationId"]
    facts = RouteFacts.of(route, method, operation_id in rules.upstream_operations)
    operation["summary"] = rules.summaries.get(operation_id) or (
        route.summary or sentence_summary(operation_id)
    )
    operation["security"] = [{BEARER_SCHEME: []}] if facts.authenticated else []
    _publish_permission(operation, rules.permissions.get(operation_id))
    parameters = [_without_null(p) for p in operation.get("parameters", [])]
    if facts.idempotent_post:
        parameters.append(IDEMPOTENCY_KEY_PARAMETER)
    if parameters:
        operation["parameters"] = parameters
    responses: dict[str, Any] = operation.setdefault("responses", {})
    declared = {str(status) for status in route.responses}
    for code, description in error_statuses(facts).items():
        if str(code) not in declared:
            responses.setdefault(str(code), {})["description"] = description
    for key, response in responses.items():
        _correct_response(int(key), response, facts, schemas)
        if int(key) >= 400 and key not in declared and not facts.probe:
            responses[key] = _shared(shared, _response_name(int(key), facts), response)
    operation["responses"] = dict(sorted(responses.items()))


def _publish_permission(operation: dict[str, Any], rule: Rule | None) -> None:
    """Who may call the operation (:mod:`shared.permissions`), for front-end teams: the rule
    as ``x-permission`` and its meaning at the end of the description."""
    if rule is None:
        return
    operation["x-permission"] = rule.value
    description = operation.get("description", "").rstrip()
    sentence = permission_sentence(rule)
    operation["description"] = f"{description}\n\n{sentence}" if description else sentence


def _without_null(parameter: dict[str, Any]) -> dict[str, Any]:
    """An optional parameter is absent, never null (HTTP has no null): drop the ``null``
    branch FastAPI writes for ``X | None``."""
    schema = parameter.get("schema", {})
    branches = [b for b in schema.get("anyOf", ()) if b.get("type") != "null"]
    if len(branches) != 1 or len(branches) == len(schema.get("anyOf", ())):
        return parameter
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**parameter, "schema": {**branches[0], **rest}}


def _correct_response(
    status: int, response: dict[str, Any], facts: RouteFacts, schemas: Mapping[str, Any]
) -> None:
    headers: dict[str, Any] = {}
    if status >= 400:
        response["content"] = problem_content()
    if status == 401:
        headers["WWW-Authenticate"] = header_ref("WWW-Authenticate")
    if status == 429:
        # A refusal always carries them (a reference cannot make a header required).
        headers.update({name: required(header) for name, header in RATE_LIMIT_HEADERS.items()})
        headers["Retry-After"] = required(RETRY_AFTER_HEADER)
    elif not facts.probe:
        # Other answers carry them while the limits are enabled.
        headers.update({name: header_ref(name) for name in RATE_LIMIT_HEADERS})
    if status == 503:
        headers["Retry-After"] = header_ref("Retry-After")
    if 200 <= status < 300 and _carries_version(response, schemas):
        headers["ETag"] = header_ref("ETag")
    if facts.idempotent_post and _may_be_replayed(status):
        headers["Idempotency-Replayed"] = header_ref("Idempotency-Replayed")
    if headers:
        response.setdefault("headers", {}).update(headers)


def _response_name(status: int, facts: RouteFacts) -> str:
    """The name an error answer is shared under: the status's, then what varies with the
    route (the POST's idempotency, the causes a 503 lists)."""
    name = RESPONSE_NAMES.get(status, f"Error{status}")
    if status == 400 and not facts.json_body:
        name = "UnparsableBody"
    if facts.idempotent_post and (status in (409, 422) or _may_be_replayed(status)):
        name += "OnPost"
    if status == 503:
        variants = (
            (not facts.authenticated, "Anonymous"),
            (facts.calls_upstream, "Upstream"),
            (facts.method in WRITE_METHODS, "Write"),
        )
        name += "".join(part for applies, part in variants if applies)
    return name


def _shared(shared: dict[str, Any], name: str, response: dict[str, Any]) -> dict[str, str]:
    """A reference to the response written once under ``components/responses``. A name
    already taken by a different answer gets a number, so no answer is ever lost."""
    candidate, number = name, 1
    while shared.setdefault(candidate, response) != response:
        number += 1
        candidate = f"{name}{number}"
    return {"$ref": f"#/components/responses/{candidate}"}


def _may_be_replayed(status: int) -> bool:
    """The stored answers a repeated key gets back: not a 5xx (the claim is released),
    not the guards' 413/415, the 401 nor the rate limiter's 429 that come before a key is
    read."""
    return status < 500 and status not in (401, 413, 415, 429)


def _carries_version(response: Mapping[str, Any], schemas: Mapping[str, Any]) -> bool:
    """A body that is one versioned resource (a ``version`` field) comes with its ETag."""
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        schema = schemas.get(ref.rsplit("/", 1)[1], {})
    return "version" in schema.get("properties", {})


def install_openapi(app: FastAPI, rules: DocumentRules) -> None:
    """Serve the corrected document at the app's ``openapi_url`` (built once, then cached)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = correct_document(document, rules)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
