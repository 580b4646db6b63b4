"""Resilience between services: which calls may be retried, how long to wait before the next
attempt (``Retry-After`` honoured up to a cap), and a circuit breaker per upstream.

The breaker is small on purpose (the maintained Python breakers are either sync-only or
pull in a storage layer): consecutive failures (connect errors, timeouts, 5xx answers) open
it; while open, calls fail at once with a 503 problem instead of waiting on a dead upstream;
after the cool-down one call goes through as a probe (half-open) and its outcome closes or
re-opens the breaker. State changes are logged and exported as Prometheus metrics.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from enum import IntEnum
from functools import lru_cache

import structlog
from prometheus_client import Counter, Gauge
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.errors import ServiceUnavailable, UpstreamError, UpstreamTimeout

log = structlog.get_logger("pmo.upstream")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Answers worth another attempt of an idempotent request.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})

CIRCUIT_STATE = Gauge(
    "pmo_upstream_circuit_state",
    "Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open",
    ["upstream", "base_url"],
)
CIRCUIT_TRANSITIONS = Counter(
    "pmo_upstream_circuit_transitions_total",
    "Circuit breaker state changes per upstream",
    ["upstream", "base_url", "state"],
)
CIRCUIT_REJECTIONS = Counter(
    "pmo_upstream_circuit_rejections_total",
    "Calls failed fast because the upstream's circuit was open",
    ["upstream", "base_url"],
)


class UpstreamSettings(BaseSettings):
    """How every process calls the others (prefix ``PMO_UPSTREAM_``)."""

    model_config = SettingsConfigDict(env_prefix="PMO_UPSTREAM_", extra="ignore")

    # Defaults of every client (the gateway sets its own): connect, read, and the whole call
    # with its retries.
    connect_timeout_seconds: float = Field(default=2.0, gt=0)
    read_timeout_seconds: float = Field(default=10.0, gt=0)
    total_timeout_seconds: float = Field(default=15.0, gt=0)
    # Consecutive failures that open an upstream's circuit, and how long it stays open.
    breaker_failures: int = Field(default=5, ge=1)
    breaker_cooldown_seconds: float = Field(default=10.0, gt=0)
    # A Retry-After longer than this is not waited for: the answer goes back to the caller.
    retry_after_cap_seconds: float = Field(default=2.0, ge=0)
    # Exponential backoff between attempts: initial wait, its ceiling and the random jitter.
    backoff_initial_seconds: float = Field(default=0.05, ge=0)
    backoff_max_seconds: float = Field(default=1.0, ge=0)
    backoff_jitter_seconds: float = Field(default=0.05, ge=0)


@lru_cache(maxsize=1)
def upstream_settings() -> UpstreamSettings:
    return UpstreamSettings()


def is_idempotent(method: str, headers: Mapping[str, str]) -> bool:
    """GET, HEAD and OPTIONS, and writes carrying an ``Idempotency-Key`` (the service
    answers a repeat with the first answer instead of applying it twice)."""
    if method.upper() in IDEMPOTENT_METHODS:
        return True
    return any(name.lower() == "idempotency-key" for name in headers)


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; None if absent or
    unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryableAnswer(Exception):
    """An upstream answer (429/502/503/504) that an idempotent request may try again."""

    def __init__(self, response: object, retry_after: float | None) -> None:
        super().__init__(f"retryable answer (retry after {retry_after})")
        self.response = response
        self.retry_after = retry_after


def backoff_hook(retry_after_cap: float) -> Callable[[Exception], bool | float]:
    """stamina's ``on``: whether to try again, or exactly how long to wait (Retry-After).
    An open circuit and a read timeout are not retried (the upstream is down or slow: more
    calls only add load); a Retry-After beyond the cap gives the answer back instead."""

    def hook(error: Exception) -> bool | float:
        if isinstance(error, RetryableAnswer):
            if error.retry_after is None:
                return True
            return error.retry_after if error.retry_after <= retry_after_cap else False
        return isinstance(error, UpstreamError) and not isinstance(error, UpstreamTimeout)

    return hook


class CircuitOpen(ServiceUnavailable):
    slug = "upstream-circuit-open"


class BreakerState(IntEnum):
    closed = 0
    half_open = 1
    open = 2


class CircuitBreaker:
    """Per upstream: ``before_call`` (raises :class:`CircuitOpen` while open), then exactly
    one of ``record_success`` / ``record_failure`` / ``record_abandoned`` per call let in."""

    def __init__(
        self,
        service: str,
        base_url: str,
        *,
        failures: int = 5,
        cooldown: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.service = service
        self.base_url = base_url
        self.threshold = failures
        self.cooldown = cooldown
        self.clock = clock
        self.state = BreakerState.closed
        self.failures = 0
        self.opened_at = 0.0
        self.probing = False
        CIRCUIT_STATE.labels(service, base_url).set(0)

    def before_call(self) -> None:
        if self.state is BreakerState.open:
            if self.clock() - self.opened_at < self.cooldown:
                self._reject()
            self._move(BreakerState.half_open)
        if self.state is BreakerState.half_open:
            if self.probing:
                self._reject()
            self.probing = True

    def record_success(self) -> None:
        self.failures = 0
        self.probing = False
        if self.state is not BreakerState.closed:
            self._move(BreakerState.closed)

    def record_failure(self) -> None:
        self.failures += 1
        self.probing = False
        if self.state is BreakerState.half_open or self.failures >= self.threshold:
            self.opened_at = self.clock()
            if self.state is not BreakerState.open:
                self._move(BreakerState.open)

    def record_abandoned(self) -> None:
        """The call was cancelled before an answer: says nothing about the upstream, but a
        half-open probe must be let go so that the next call can probe."""
        self.probing = False

    def _reject(self) -> None:
        CIRCUIT_REJECTIONS.labels(self.service, self.base_url).inc()
        wait = max(1, math.ceil(self.cooldown - (self.clock() - self.opened_at)))
        raise CircuitOpen(
            f"{self.service} is unavailable (circuit open after {self.failures} consecutive "
            "failures); try again later.",
            extra={"service": self.service},
            headers={"retry-after": str(wait)},
        )

    def _move(self, state: BreakerState) -> None:
        previous, self.state = self.state, state
        CIRCUIT_STATE.labels(self.service, self.base_url).set(int(state))
        CIRCUIT_TRANSITIONS.labels(self.service, self.base_url, state.name).inc()
        log.warning(
            "circuit_state_changed",
            upstream=self.service,
            base_url=self.base_url,
            previous=previous.name,
            state=state.name,
            consecutive_failures=self.failures,
        )
