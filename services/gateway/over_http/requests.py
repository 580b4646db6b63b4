"""A GraphQL request read from a GET query string or a POST JSON body; anything malformed is a
``BadRequest`` (400), before any GraphQL work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import orjson

PARAMETERS = ("query", "variables", "operationName", "extensions")


class BadRequest(Exception):
    """Not a well-formed GraphQL-over-HTTP request: answered 400 whatever the media type."""


@dataclass(slots=True)
class GraphQLRequest:
    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None
    # A multipart upload's form (its files), closed after execution.
    form: Any = field(default=None)


def from_json_body(body: bytes) -> GraphQLRequest:
    if not body.strip():
        raise BadRequest("The request body is empty; send a JSON object with a query.")
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise BadRequest(f"The request body is not JSON: {error}.") from None
    if isinstance(payload, list):
        raise BadRequest("Batched requests are not supported; send one JSON object.")
    if not isinstance(payload, dict):
        raise BadRequest("The request body must be a JSON object.")
    return checked(payload)


def from_query_string(query_string: bytes) -> GraphQLRequest:
    try:
        pairs = parse_qs(query_string.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise BadRequest("The query string is not UTF-8.") from None
    payload: dict[str, Any] = {}
    for name in PARAMETERS:
        values = pairs.get(name)
        if not values:
            continue
        if len(values) > 1:
            raise BadRequest(f"The {name} parameter is given more than once.")
        payload[name] = values[0]
    for name in ("variables", "extensions"):
        if name in payload:
            payload[name] = _json_parameter(name, payload[name])
    return checked(payload)


def _json_parameter(name: str, text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        raise BadRequest(f"The {name} parameter must be URL-encoded JSON.") from None


def checked(payload: dict[str, Any]) -> GraphQLRequest:
    query = payload.get("query")
    if query is not None and not isinstance(query, str):
        raise BadRequest("The query parameter must be a string.")
    variables = _object_or_none(payload, "variables")
    extensions = _object_or_none(payload, "extensions")
    name = payload.get("operationName")
    if name is not None and not isinstance(name, str):
        raise BadRequest("The operationName parameter must be a string.")
    if query is None and not (extensions and "persistedQuery" in extensions):
        raise BadRequest("The request has no query parameter.")
    return GraphQLRequest(query, variables, name, extensions)


def _object_or_none(payload: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = payload.get(name)
    if value is not None and not isinstance(value, dict):
        raise BadRequest(f"The {name} parameter must be a JSON object.")
    return value
