"""The common GraphQL request, answered without strawberry's HTTP view: one operation POSTed
as ``application/json``, answered as JSON.

The view turns every request into adapter, sub-response, request-data and response objects
and checks for batches, uploads, streaming and GraphiQL: measured, ~140 µs of a ~430 µs
``project(id)`` request in-process, a third of the gateway's share of the speed target.
Here the body is read once, the schema executes it exactly as the view would (same
``Schema.execute``, same extensions, same error processing), and the result is written
straight to ASGI. Anything else (GET, a batch, a body that is not a JSON object with a
string ``query``, a streaming ``Accept``) is handed to the view with the body replayed, so
every other behaviour, error included, stays strawberry's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.types import Message, Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.http import process_result
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

POST_OPERATIONS = OperationType.from_http("POST")
STREAMING_ACCEPT = (b"multipart/mixed", b"text/event-stream")
JSON_HEADERS = [(b"content-type", b"application/json")]
TEXT_HEADERS = [(b"content-type", b"text/plain; charset=utf-8")]


def wants_json_post(scope: Scope) -> bool:
    """A POST of ``application/json`` (what the view itself would parse as JSON) that does
    not ask for a streamed answer."""
    if scope["method"] != "POST":
        return False
    json_body = False
    for name, value in scope["headers"]:
        if name == b"accept" and any(kind in value for kind in STREAMING_ACCEPT):
            return False
        if name == b"content-type":
            json_body = b"application/json" in value.lower()
    return json_body


async def read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the already-read body once, then defers to the real one
    (which reports the disconnect)."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again


class NotARequest(Exception):
    """A JSON body that is neither a request object nor a batch (strawberry's view would
    fail on it with a 500)."""


def single_operation(body: bytes) -> dict[str, Any] | None:
    """The request, when it is the plain case; None hands it to strawberry's view."""
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(request, dict | list):
        raise NotARequest("The request body must be a JSON object.")
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        return None
    variables = request.get("variables")
    name = request.get("operationName")
    if variables is not None and not isinstance(variables, dict):
        return None
    if name is not None and not isinstance(name, str):
        return None
    return request


async def execute(
    schema: BaseSchema,
    request: dict[str, Any],
    context: Any,
    send: Send,
    encode: Callable[[object], bytes],
) -> None:
    try:
        result = await schema.execute(
            request["query"],
            variable_values=request.get("variables"),
            context_value=context,
            operation_name=request.get("operationName"),
            allowed_operation_types=POST_OPERATIONS,
            operation_extensions=request.get("extensions"),
        )
    except CannotGetOperationTypeError as error:
        await _send(send, 400, TEXT_HEADERS, error.as_http_error_reason().encode())
        return
    except InvalidOperationTypeError as error:
        await _send(send, 400, TEXT_HEADERS, error.as_http_error_reason("POST").encode())
        return
    except MissingQueryError:
        await _send(send, 400, TEXT_HEADERS, b"No GraphQL query found in the request")
        return
    await _send(send, 200, JSON_HEADERS, encode(process_result(result)))


async def refuse(send: Send, error: NotARequest) -> None:
    await _send(send, 400, TEXT_HEADERS, str(error).encode())


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    length = (b"content-length", str(len(body)).encode())
    await send({"type": "http.response.start", "status": status, "headers": [*headers, length]})
    await send({"type": "http.response.body", "body": body})
