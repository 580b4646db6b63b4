"""Request guards that run before routing: body size (413), media type (415), and text
PostgreSQL cannot store (422, :mod:`shared.text_guard`), JSON nested too deep
and numbers out of range (422, :mod:`shared.json_limits`)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.asgi_body import read_body, replayed
from shared.errors import PayloadTooLarge, ProblemError, UnsupportedMediaType
from shared.json_limits import json_depth_problem, json_number_problem
from shared.problems import problem_response
from shared.text_guard import json_body_problem, target_problem

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_MEDIA_TYPES = frozenset(
    {"application/json", "application/merge-patch+json", "application/problem+json"}
)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _media_type(content_type: str | None) -> str | None:
    if content_type is None:
        return None
    return content_type.split(";", 1)[0].strip().lower()


class RequestGuardMiddleware:
    """Refuses oversized bodies and non-JSON bodies before they reach a route.

    ``raw_body_media_types`` maps a path prefix to the media types that route family
    accepts instead of JSON (plan imports take XML or multipart); ``body_limits`` maps a
    path prefix to its own size cap.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        body_limits: Mapping[str, int] | None = None,
        raw_body_media_types: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_limits = dict(body_limits or {})
        self.raw_body_media_types = dict(raw_body_media_types or {})

    def _limit_for(self, path: str) -> int:
        for prefix, limit in self.body_limits.items():
            if path.startswith(prefix):
                return limit
        return self.max_body_bytes

    def _accepted_media_types(self, path: str) -> frozenset[str]:
        for prefix, types in self.raw_body_media_types.items():
            if path.startswith(prefix):
                return types
        return JSON_MEDIA_TYPES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        error: ProblemError | None = target_problem(path, scope.get("query_string", b""))
        if error is None and scope["method"] in BODY_METHODS:
            error = self._check_headers(scope, path, self._limit_for(path))
        if error is not None:
            await _send_problem(error, scope, receive, send)
        elif scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
        elif self._takes_json(scope, path):
            await self._with_json_body(scope, receive, send, self._limit_for(path))
        else:
            await self.app(scope, _limited_receive(receive, self._limit_for(path)), send)

    def _takes_json(self, scope: Scope, path: str) -> bool:
        # A body without a Content-Type is parsed as JSON by the routes too.
        media_type = _media_type(_header(scope, b"content-type"))
        return media_type is None or (
            media_type in JSON_MEDIA_TYPES and media_type in self._accepted_media_types(path)
        )

    async def _with_json_body(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Reads the JSON body whole (the route would anyway) to check its text first."""
        try:
            body = await read_body(receive, limit)
        except PayloadTooLarge as error:
            await _send_problem(error, scope, receive, send)
            return
        problem = json_depth_problem(body) or json_body_problem(body) or json_number_problem(body)
        if problem is not None:
            await _send_problem(problem, scope, receive, send)
            return
        await self.app(scope, replayed(body, receive), send)

    def _check_headers(self, scope: Scope, path: str, limit: int) -> ProblemError | None:
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            return PayloadTooLarge(f"The request body exceeds the {limit}-byte limit.")
        media_type = _media_type(_header(scope, b"content-type"))
        has_body = length is None or length != "0"
        if (
            has_body
            and media_type is not None
            and media_type not in self._accepted_media_types(path)
        ):
            accepted = ", ".join(sorted(self._accepted_media_types(path)))
            return UnsupportedMediaType(
                f"Content-Type {media_type} is not accepted; use {accepted}."
            )
        return None


def _limited_receive(receive: Receive, limit: int) -> Receive:
    """Counts streamed (chunked) bytes, which carry no Content-Length to check up front."""
    received = 0

    async def wrapped() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise PayloadTooLarge(f"The request body exceeds the {limit}-byte limit.")
        return message

    return wrapped


async def _send_problem(error: ProblemError, scope: Scope, receive: Receive, send: Send) -> None:
    response = problem_response(error, scope["path"])
    await response(scope, receive, send)
