"""One error family for every service: the HTTP status lives on the class.

Handlers in :mod:`shared.problems` render these as RFC 9457 ``application/problem+json``;
the typed service clients turn problem responses back into the same classes, so an
upstream 404 surfaces as :class:`NotFound` wherever it is caught.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

PROBLEM_TYPE_BASE = "https://pmo.dev/problems/"


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class ProblemError(Exception):
    """Base of every error that becomes a problem response."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal Server Error"
    slug: ClassVar[str] = "internal"
    # The problem ``type`` an upstream answered with (set by :func:`problem_from_response`):
    # two problems of one status differ by it (a feed's 410 cursor-expired, say).
    upstream_type: str | None = None

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[FieldError] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors or []
        self.extra = extra or {}
        self.headers = headers or {}

    @property
    def type(self) -> str:
        return PROBLEM_TYPE_BASE + self.slug

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [e.as_dict() for e in self.errors]
        body.update(self.extra)
        return body


class BadRequest(ProblemError):
    status = 400
    title = "Bad Request"
    slug = "bad-request"


class MalformedBody(BadRequest):
    title = "Malformed request body"
    slug = "malformed-body"


class InvalidCursor(BadRequest):
    """A change-feed cursor that is malformed or that the feed never issued."""

    title = "Invalid cursor"
    slug = "invalid-cursor"


class Unauthorized(ProblemError):
    status = 401
    title = "Unauthorized"
    slug = "unauthorized"

    def __init__(self, detail: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kwargs)


class Forbidden(ProblemError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class NotFound(ProblemError):
    status = 404
    title = "Not Found"
    slug = "not-found"


class MethodNotAllowed(ProblemError):
    status = 405
    title = "Method Not Allowed"
    slug = "method-not-allowed"


class Gone(ProblemError):
    status = 410
    title = "Gone"
    slug = "gone"


class Conflict(ProblemError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class IdempotencyInFlight(Conflict):
    title = "Request with this Idempotency-Key is still being processed"
    slug = "idempotency-in-flight"


class AlreadyApplied(Conflict):
    """A retry of a request whose change was committed while its answer was lost (the
    connection dropped during COMMIT): it is not applied again."""

    title = "Request with this Idempotency-Key was already applied"
    slug = "already-applied"


class InvalidTransition(Conflict):
    title = "Invalid status transition"
    slug = "invalid-transition"


class CursorExpired(Gone):
    """A change-feed cursor from before the oldest event the feed still keeps."""

    title = "Cursor expired"
    slug = "cursor-expired"


class PreconditionFailed(ProblemError):
    status = 412
    title = "Precondition Failed"
    slug = "precondition-failed"


class PreconditionRequired(ProblemError):
    status = 428
    title = "Precondition Required"
    slug = "precondition-required"


class PayloadTooLarge(ProblemError):
    status = 413
    title = "Content Too Large"
    slug = "payload-too-large"


class UnsupportedMediaType(ProblemError):
    status = 415
    title = "Unsupported Media Type"
    slug = "unsupported-media-type"


class ValidationFailed(ProblemError):
    status = 422
    title = "Validation Failed"
    slug = "validation"


class IdempotencyKeyReused(ValidationFailed):
    title = "Idempotency-Key reused with a different request"
    slug = "idempotency-key-reused"


class InternalError(ProblemError):
    """Masked server error: the cause is logged, never sent."""


class UpstreamError(ProblemError):
    """An upstream service failed or could not be reached."""

    status = 502
    title = "Bad Gateway"
    slug = "upstream"


class UpstreamTimeout(UpstreamError):
    status = 504
    title = "Gateway Timeout"
    slug = "upstream-timeout"


class TooManyRequests(ProblemError):
    """A rate limit reached (shared/ratelimit.py), here or at an upstream the request was
    forwarded to with the same caller's token."""

    status = 429
    title = "Too Many Requests"
    slug = "rate-limited"


class ServiceUnavailable(ProblemError):
    status = 503
    title = "Service Unavailable"
    slug = "unavailable"


_BY_STATUS: dict[int, type[ProblemError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        Conflict,
        Gone,
        PreconditionFailed,
        PayloadTooLarge,
        UnsupportedMediaType,
        ValidationFailed,
        PreconditionRequired,
        TooManyRequests,
        ServiceUnavailable,
        UpstreamTimeout,
    )
}


def error_class_for_status(status: int) -> type[ProblemError]:
    """The error class a problem with this status maps back to (clients use it)."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return UpstreamError if status >= 500 else BadRequest


def problem_from_response(status: int, body: dict[str, Any] | None) -> ProblemError:
    """Rebuild a :class:`ProblemError` from an upstream problem+json body."""
    body = body or {}
    cls = error_class_for_status(status)
    errors = [
        FieldError(str(e.get("field", "")), str(e.get("message", "")))
        for e in body.get("errors", [])
        if isinstance(e, dict)
    ]
    error = cls(str(body.get("detail") or body.get("title") or cls.title), errors=errors)
    problem_type = body.get("type")
    error.upstream_type = problem_type if isinstance(problem_type, str) else None
    return error
