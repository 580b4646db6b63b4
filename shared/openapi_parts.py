"""The pieces :mod:`shared.openapi` adds to every service's document: the problem body, the
bearer scheme, the shared headers, and the fallback summary of an operation."""

from __future__ import annotations

from typing import Any

from shared.idempotency import IDEMPOTENCY_KEY_PATTERN, MAX_KEY_LENGTH
from shared.problems import PROBLEM_MEDIA_TYPE

BEARER_SCHEME = "bearerAuth"

SECURITY_SCHEMES: dict[str, Any] = {
    BEARER_SCHEME: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": (
            "A JWT from the OIDC provider (RS256/ES256); in development an HS256 token "
            "from `pmo token`. Global roles come from its `roles` claim."
        ),
    }
}

COMPONENT_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "title": "Problem",
        "type": "object",
        "description": (
            "An RFC 9457 problem: every error of the API has this body, served as "
            f"`{PROBLEM_MEDIA_TYPE}`. More members may follow (a bulk upsert adds `items`)."
        ),
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {
                "type": "string",
                "format": "uri",
                "description": "Identifies the kind of problem",
            },
            "title": {"type": "string", "description": "Short summary of the kind"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string", "description": "What went wrong this time"},
            "instance": {"type": "string", "description": "The request path"},
            "request_id": {
                "type": "string",
                "description": "The request's id (also in `X-Request-Id`); quote it in reports",
            },
            "errors": {
                "type": "array",
                "description": "For 422: one entry per invalid field",
                "items": {"$ref": "#/components/schemas/FieldError"},
            },
        },
        "additionalProperties": True,
    },
    "FieldError": {
        "title": "FieldError",
        "type": "object",
        "required": ["field", "message"],
        "properties": {
            "field": {
                "type": "string",
                "description": "The field's path, dot-separated (`items.3.name`)",
            },
            "message": {"type": "string"},
        },
    },
}

IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Makes the POST safe to retry: the same key and body replay the stored answer "
        "(with `Idempotency-Replayed: true`); the same key with another body is a 422; a "
        "duplicate while the first still runs is a 409. Keys are per caller, kept a day."
    ),
    "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH, "pattern": IDEMPOTENCY_KEY_PATTERN},
}

ETAG_HEADER: dict[str, Any] = {
    "description": "The resource's version as an entity tag: send it back in `If-Match`.",
    "required": True,
    "schema": {"type": "string", "pattern": r'^"\d+"$'},
}

REPLAYED_HEADER: dict[str, Any] = {
    "description": "`true` when this is the stored answer to an earlier request with the key.",
    "schema": {"type": "string", "enum": ["true"]},
}

WWW_AUTHENTICATE_HEADER: dict[str, Any] = {
    "description": "The scheme to authenticate with: `Bearer`.",
    "required": True,
    "schema": {"type": "string"},
}

RETRY_AFTER_HEADER: dict[str, Any] = {
    "description": "Seconds to wait before sending the request again.",
    "schema": {"type": "integer", "minimum": 0},
}

# The IETF draft rate-limit headers (shared/ratelimit.py): on every answer of a rate-limited
# operation while limits are enabled; absent when they are off, for our own services calling
# as themselves, and while the limiter's store is unreachable.
RATE_LIMIT_HEADERS: dict[str, dict[str, Any]] = {
    "RateLimit-Limit": {
        "description": "Requests a minute allowed to this caller for this kind of request.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the window has room again.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Policy": {
        "description": "The policy: `<limit>;w=60` (that many requests per 60 s).",
        "schema": {"type": "string", "pattern": r"^\d+;w=60$"},
    },
}


def required(header: dict[str, Any]) -> dict[str, Any]:
    return {**header, "required": True}


def problem_content() -> dict[str, Any]:
    return {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


# Headers and error answers that are the same on many operations are written once under
# `components` and referenced: inline, they made the projects document 1.8 MB (a header
# object repeated on ~1,800 responses), slow to download, to load into Swagger UI and to
# generate clients from.
COMPONENT_HEADERS: dict[str, dict[str, Any]] = {
    **RATE_LIMIT_HEADERS,
    "Retry-After": RETRY_AFTER_HEADER,
    "ETag": ETAG_HEADER,
    "Idempotency-Replayed": REPLAYED_HEADER,
    "WWW-Authenticate": WWW_AUTHENTICATE_HEADER,
}


def header_ref(name: str) -> dict[str, str]:
    if name not in COMPONENT_HEADERS:
        raise KeyError(name)
    return {"$ref": f"#/components/headers/{name}"}


# The name of an error answer written once under `components/responses`; a variant (the
# POST's replay header, the causes a 503 lists) adds to it.
RESPONSE_NAMES = {
    400: "InvalidJson",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "BodyTooLarge",
    415: "UnsupportedMediaType",
    422: "InvalidInput",
    429: "RateLimited",
    500: "UnexpectedError",
    502: "UpstreamFailed",
    503: "Unavailable",
    504: "UpstreamTimeout",
}


# Words a plain sentence spells differently from an identifier.
_SPELLING = {"ids": "IDs", "mspdi": "MS Project XML", "raid": "RAID", "etag": "ETag"}


def sentence_summary(operation_id: str) -> str:
    """``list_tasks_by_ids`` -> "List tasks by IDs": the fallback when a service gives none."""
    words = [_SPELLING.get(word, word) for word in operation_id.split("_") if word]
    if not words:
        return operation_id
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])
