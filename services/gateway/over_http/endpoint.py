"""``/graphql``: the GraphQL-over-HTTP endpoint, answered without strawberry's HTTP view.

The view builds adapter, sub-response and request objects per request (measured, a third of
the gateway's share of its speed target), and it answers ``application/json`` only. Here the
request is read once, the schema executes it exactly as the view would (same
``Schema.execute``, extensions and error processing) and the answer goes straight to ASGI:

- GET (queries only: a mutation is 405) and POST of ``application/json`` (else 415), or
  of ``multipart/form-data`` for mutations that take files (:mod:`.uploads`);
- the answer in ``application/graphql-response+json`` when the client asks for it (a parse,
  validation or variable error is then a 400 without ``data``), else ``application/json``
  (such errors are a 200, as older clients expect); 406 when it accepts neither;
- a malformed request (not JSON, no query, a parameter of the wrong type) is a 400;
- automatic persisted queries and the allow-list (:mod:`.persisted`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.requests import HTTPConnection
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from services.gateway.over_http import negotiation, uploads
from services.gateway.over_http.persisted import PersistedQueries, PersistedQueryError
from services.gateway.over_http.requests import (
    BadRequest,
    GraphQLRequest,
    from_json_body,
    from_query_string,
)
from shared.errors import PayloadTooLarge

OPERATIONS = {"GET": OperationType.from_http("GET"), "POST": OperationType.from_http("POST")}
UPLOADS = {OperationType.MUTATION}
TEXT = "text/plain; charset=utf-8"
ContextFactory = Callable[[HTTPConnection], Any]
Page = Callable[[], bytes]


class Answer(Exception):
    """An HTTP answer decided before execution (400, 405, 406, 415)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class GraphQLEndpoint:
    path = "/graphql"

    def __init__(
        self,
        schema: BaseSchema,
        *,
        context: ContextFactory,
        persisted: PersistedQueries,
        page: Page | None,
    ) -> None:
        self.schema = schema
        self.context = context
        self.persisted = persisted
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = self  # Starlette names no route for an ASGI endpoint; metrics need one
        headers = _headers(scope)
        method = scope["method"]
        if (
            method == "GET"
            and self.page is not None
            and negotiation.accepts_html(headers.get("accept"))
        ):
            await _send(send, 200, "text/html; charset=utf-8", self.page())
            return
        media_type = negotiation.answer_media_type(headers.get("accept"))
        try:
            if media_type is None:
                raise Answer(406, "Accept application/graphql-response+json or application/json.")
            request = await self._read(scope, receive, headers)
            try:
                body, status = await self._run(scope, request, media_type)
            finally:
                await uploads.close(request)
        except PayloadTooLarge as error:
            await _send_error(send, Answer(413, error.detail), media_type)
            return
        except Answer as answer:
            await _send_error(send, answer, media_type)
            return
        await _send(send, status, media_type, body)

    async def _read(
        self, scope: Scope, receive: Receive, headers: dict[str, str]
    ) -> GraphQLRequest:
        method = scope["method"]
        try:
            if method == "GET":
                return from_query_string(scope.get("query_string", b""))
            if method != "POST":
                raise Answer(405, "Use GET or POST.", {"allow": "GET, POST"})
            if uploads.is_multipart(headers.get("content-type")):
                return await uploads.from_multipart(scope, receive)
            kind = negotiation.json_content_type(headers.get("content-type"))
            if not kind:
                raise Answer(415, "Send the request as Content-Type: application/json (UTF-8).")
            return from_json_body(await _read_body(receive))
        except BadRequest as error:
            raise Answer(400, str(error)) from None

    async def _run(
        self, scope: Scope, request: GraphQLRequest, media_type: str
    ) -> tuple[bytes, int]:
        strict = media_type == negotiation.GRAPHQL_RESPONSE
        try:
            register = self.persisted.resolve(request)
        except BadRequest as error:
            raise Answer(400, str(error)) from None
        except PersistedQueryError as error:
            failure = {"errors": [{"message": error.message, "extensions": {"code": error.code}}]}
            return orjson.dumps(failure), 400 if strict else 200
        result = await self._execute(scope, request)
        failed_before_execution = _request_error(result)
        if register is not None and not failed_before_execution:
            self.persisted.register(register, request.query or "")
        # A request error has no data entry (GraphQL spec); older clients of application/json
        # have always been given "data": null.
        answer: dict[str, Any] = {} if strict and failed_before_execution else {"data": result.data}
        if result.errors:
            answer["errors"] = [error.formatted for error in result.errors]
        if result.extensions:
            answer["extensions"] = result.extensions
        status = 400 if strict and failed_before_execution else 200
        return orjson.dumps(answer), status

    async def _execute(self, scope: Scope, request: GraphQLRequest) -> ExecutionResult:
        method = scope["method"]
        try:
            return await self.schema.execute(
                request.query,
                variable_values=request.variables,
                context_value=self.context(HTTPConnection(scope)),
                operation_name=request.operation_name,
                allowed_operation_types=UPLOADS if request.form is not None else OPERATIONS[method],
                operation_extensions=request.extensions,
            )
        except MissingQueryError:
            raise Answer(400, "The request has no query.") from None
        except CannotGetOperationTypeError as error:
            raise Answer(400, error.as_http_error_reason()) from None
        except InvalidOperationTypeError as error:
            if method == "GET" and error.operation_type is OperationType.MUTATION:
                raise Answer(405, "Mutations only by POST.", {"allow": "POST"}) from None
            raise Answer(400, error.as_http_error_reason(method)) from None


def _request_error(result: ExecutionResult) -> bool:
    """No execution happened (a parse, validation or variable error): ``data`` is null and
    no error belongs to a field (field errors carry a path)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send_error(send: Send, answer: Answer, media_type: str | None) -> None:
    """A GraphQL-shaped error body in the negotiated type; plain text for a 406."""
    if media_type is None:
        body, kind = answer.message.encode(), TEXT
    else:
        body, kind = orjson.dumps({"errors": [{"message": answer.message}]}), media_type
    await _send(send, answer.status, kind, body, answer.headers)


async def _send(
    send: Send,
    status: int,
    content_type: str,
    body: bytes,
    extra: dict[str, str] | None = None,
) -> None:
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"vary", b"Accept"),
    ]
    headers.extend((name.encode(), value.encode()) for name, value in (extra or {}).items())
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
