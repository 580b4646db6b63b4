"""Signing and verifying webhooks per the Standard Webhooks specification.

A message carries ``webhook-id`` (the event's id: the same on every retry and replay, so a
receiver can drop what it already has), ``webhook-timestamp`` (seconds since the epoch) and
``webhook-signature``: space-separated ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``.
While a secret is being rotated, a message is signed with the old and the new secret, and a
receiver holding either accepts it.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from shared.errors import Unauthorized

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


class WebhookSignatureInvalid(Unauthorized):
    """Unsigned, wrongly signed, or signed too long ago (a replay) or in the future."""

    title = "Webhook signature not valid"
    slug = "webhook-signature-invalid"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={})


def generate_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def is_valid_secret(secret: str) -> bool:
    """A ``whsec_`` secret of 24 to 64 random bytes in base64."""
    if not secret.startswith(SECRET_PREFIX):
        return False
    try:
        raw = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except ValueError:
        return False
    return 24 <= len(raw) <= 64


def sign_headers(
    signing_secrets: Sequence[str], message_id: str, body: bytes, at: datetime | None = None
) -> dict[str, str]:
    """The three headers for ``body``, signed with every secret given."""
    timestamp = at or datetime.now(UTC)
    signatures = " ".join(
        Webhook(secret).sign(message_id, timestamp, body) for secret in signing_secrets
    )
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signatures,
    }


def verify_webhook(body: bytes, headers: Mapping[str, str], accepted_secrets: Sequence[str]) -> Any:
    """The parsed body of a message signed with one of ``accepted_secrets`` within the
    library's tolerance (five minutes); otherwise :class:`WebhookSignatureInvalid`."""
    plain = {key.lower(): value for key, value in headers.items()}
    reasons = []
    for secret in accepted_secrets:
        try:
            return Webhook(secret).verify(body, plain)
        except WebhookVerificationError as exc:
            reasons.append(str(exc))
        except ValueError as exc:  # a body that verifies but is not JSON
            raise WebhookSignatureInvalid(f"The signed body is not JSON: {exc}.") from exc
    reason = reasons[0] if reasons else "no secret to verify with"
    raise WebhookSignatureInvalid(f"The webhook could not be verified: {reason}.")
