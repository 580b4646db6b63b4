"""One try of one delivery: the signed POST, and what its answer means for the delivery."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
import orjson

from shared.events.payload import event_payload
from shared.events.signing import sign_headers
from shared.webhooks.settings import WebhookSettings
from shared.webhooks.ssrf import (
    CheckedResolver,
    ForbiddenTarget,
    Network,
    check_address,
    literal_address,
    parse_target,
)

MAX_ERROR_CHARS = 500
USER_AGENT = "pmo-webhooks/1"
RETRY_AFTER_STATUSES = (429, 503)


@dataclass(frozen=True, slots=True)
class Answer:
    status_code: int | None
    error: str | None
    retry_after: float | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def message_of(row: Mapping[str, Any], service: str) -> tuple[str, bytes]:
    """The webhook-id and body of a claimed delivery (a row with the event's columns)."""
    event = {**row, "id": row["event_id"]}
    return str(row["event_id"]), orjson.dumps(event_payload(event, service))


def signing_secrets(row: Mapping[str, Any]) -> list[str]:
    """The secret, and the previous one while it has not expired (rotation)."""
    found = [row["secret"]]
    expires = row["previous_secret_expires_at"]
    if row["previous_secret"] and expires is not None and expires > row["now"]:
        found.append(row["previous_secret"])
    return found


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - now).total_seconds())


def open_session(
    settings: WebhookSettings, networks: Sequence[Network] | None = None
) -> aiohttp.ClientSession:
    """A session whose connections reach only public addresses and ``networks`` (default:
    the allowed ones); internal subscriptions get a session of their own, so a cached
    resolution never carries over between the two."""
    connector = aiohttp.TCPConnector(
        resolver=CheckedResolver(settings.networks() if networks is None else networks),
        limit=max(settings.batch_size, 1),
        # One receiver gets at most this many concurrent POSTs from this process.
        limit_per_host=settings.max_connections_per_host,
        # Keep-alive: a connection, made to an address the resolver checked, is reused.
    )
    timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)
    return aiohttp.ClientSession(
        connector=connector, timeout=timeout, headers={"User-Agent": USER_AGENT}
    )


def _short(text: str) -> str:
    return text[:MAX_ERROR_CHARS]


async def post(
    http: aiohttp.ClientSession,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    networks: Sequence[Network],
) -> Answer:
    """POSTs once: never follows a redirect, never reaches an address not allowed."""
    started = time.monotonic()

    def answer(code: int | None, error: str | None, retry_after: float | None = None) -> Answer:
        elapsed = int((time.monotonic() - started) * 1000)
        return Answer(code, _short(error) if error else None, retry_after, elapsed)

    try:
        host = parse_target(url).hostname or ""
        literal = literal_address(host)
        if literal is not None:
            check_address(literal, networks, host)
        all_headers = {**headers, "Content-Type": "application/json"}
        async with http.post(url, data=body, headers=all_headers, allow_redirects=False) as reply:
            code = reply.status
            wait = None
            if code in RETRY_AFTER_STATUSES:
                wait = retry_after_seconds(reply.headers.get("Retry-After"), datetime.now(UTC))
            if 300 <= code < 400:
                return answer(code, "redirects are not followed")
            return answer(code, None if 200 <= code < 300 else f"answered {code}", wait)
    except ForbiddenTarget as exc:
        return answer(None, f"target not allowed: {exc}")
    except TimeoutError:
        return answer(None, "timed out")
    except aiohttp.ClientError as exc:
        cause = exc.__cause__ or exc
        if isinstance(cause, ForbiddenTarget) or "not allowed" in str(exc):
            return answer(None, f"target not allowed: {cause}")
        return answer(None, f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a malformed URL stored before a rule changed, and the like
        return answer(None, f"{type(exc).__name__}: {exc}")


def signed(row: Mapping[str, Any], service: str) -> tuple[bytes, dict[str, str]]:
    message_id, body = message_of(row, service)
    return body, sign_headers(signing_secrets(row), message_id, body)


def outcome_of(
    answer: Answer, attempts_before: int, settings: WebhookSettings, now: datetime
) -> dict[str, Any]:
    """The delivery's new state after a try: succeeded, pending (retry at a jittered,
    exponentially growing wait, or the receiver's Retry-After), or dead."""
    common = {"last_status_code": answer.status_code, "last_error": answer.error}
    if answer.succeeded:
        return {**common, "status": "succeeded", "delivered_at": now}
    delay = settings.retry_delay(attempts_before + 1)
    if delay is None:
        return {**common, "status": "dead"}
    wait = random.uniform(0, delay)  # jitter, not a secret
    if answer.retry_after is not None:
        wait = max(wait, min(answer.retry_after, settings.max_retry_after_seconds))
    return {**common, "status": "pending", "next_attempt_at": now + timedelta(seconds=wait)}


def attempt_of(answer: Answer, at: datetime) -> dict[str, Any]:
    return {
        "attempted_at": at,
        "status_code": answer.status_code,
        "error": answer.error,
        "duration_ms": answer.duration_ms,
    }
