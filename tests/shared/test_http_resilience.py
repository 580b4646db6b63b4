"""shared/http.py against a real local HTTP server that misbehaves on cue: retries only for
idempotent requests (Retry-After honoured, capped), the circuit breaker per upstream, and
timeouts (connect, read, whole call)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from prometheus_client import REGISTRY

from pmo.runner import free_port
from shared.errors import ServiceUnavailable, UpstreamError, UpstreamTimeout
from shared.http import ServiceClient
from shared.resilience import (
    BreakerState,
    CircuitOpen,
    UpstreamSettings,
    is_idempotent,
    retry_after_seconds,
)
from tests.shared.misbehaving_upstream import MisbehavingUpstream, misbehaving_upstream

FAST = UpstreamSettings(
    breaker_failures=3,
    breaker_cooldown_seconds=0.4,
    retry_after_cap_seconds=1.5,
    backoff_initial_seconds=0.01,
    backoff_max_seconds=0.05,
    backoff_jitter_seconds=0.01,
)


class Upstream(ServiceClient):
    service = "stand-in"


@pytest.fixture
async def upstream() -> AsyncIterator[MisbehavingUpstream]:
    async with misbehaving_upstream() as server:
        yield server


def client(url: str, **options: object) -> Upstream:
    options = {"retries": 2, "settings": FAST, **options}
    return Upstream(url, **options)  # type: ignore[arg-type]


async def test_get_is_retried_on_503_after_the_retry_after_it_asks(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.answers((503, {"retry-after": "1"}), (200, {}))
    async with client(upstream.url) as api:
        answer = await api.get_json("/v1/things")
    assert answer == {"ok": True, "attempt": 2}
    first, second = upstream.seen
    assert second.at - first.at >= 0.95  # waited the Retry-After, not the 10 ms backoff


async def test_get_backs_off_exponentially_on_502_without_retry_after(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.answers((502, {}), (502, {}), (200, {}))
    async with client(upstream.url) as api:
        answer = await api.get_json("/v1/things")
    assert answer["attempt"] == 3
    assert [s.method for s in upstream.seen] == ["GET", "GET", "GET"]


async def test_a_retry_after_beyond_the_cap_is_not_waited_for(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.answers((503, {"retry-after": "30"}), (200, {}))
    started = time.monotonic()
    async with client(upstream.url) as api:
        with pytest.raises(ServiceUnavailable) as raised:
            await api.get_json("/v1/things")
    assert time.monotonic() - started < 1.0
    assert len(upstream.seen) == 1
    assert raised.value.headers["retry-after"] == "30"  # passed on to our caller
    assert raised.value.extra["service"] == "stand-in"


async def test_post_without_idempotency_key_is_not_retried(upstream: MisbehavingUpstream) -> None:
    upstream.answers((503, {"retry-after": "0"}), (201, {}))
    async with client(upstream.url) as api:
        with pytest.raises(ServiceUnavailable):
            await api.send_json("POST", "/v1/things", {"name": "x"})
    assert [s.method for s in upstream.seen] == ["POST"]


async def test_post_with_idempotency_key_is_retried_with_the_same_key(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.answers((503, {"retry-after": "0"}), (201, {}))
    async with client(upstream.url) as api:
        answer = await api.send_json("POST", "/v1/things", {"name": "x"}, idempotency_key="k-1")
    assert answer == {"ok": True, "attempt": 2}
    assert [s.headers["idempotency-key"] for s in upstream.seen] == ["k-1", "k-1"]


async def test_client_errors_are_neither_retried_nor_failures(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.answers((404, {}))
    async with client(upstream.url) as api:
        for _ in range(5):
            with pytest.raises(Exception) as raised:
                await api.get_json("/v1/missing")
            assert getattr(raised.value, "status", None) == 404
        assert api.breaker.state is BreakerState.closed
    assert len(upstream.seen) == 5


async def test_hanging_upstream_is_a_504_within_the_read_timeout_and_not_retried(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.hang = 5.0
    timeout = httpx.Timeout(0.3, connect=0.5)
    started = time.monotonic()
    async with client(upstream.url, timeout=timeout) as api:
        with pytest.raises(UpstreamTimeout) as raised:
            await api.get_json("/v1/slow")
    elapsed = time.monotonic() - started
    assert 0.25 < elapsed < 2.0, elapsed
    assert raised.value.status == 504
    assert raised.value.to_problem()["service"] == "stand-in"
    assert len(upstream.seen) == 1


async def test_the_whole_call_has_a_deadline_retries_included(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.answers((503, {"retry-after": "1"}))
    started = time.monotonic()
    async with client(upstream.url, retries=5, total_timeout=1.5) as api:
        with pytest.raises(UpstreamTimeout):
            await api.get_json("/v1/things")
    assert time.monotonic() - started < 2.0
    assert len(upstream.seen) == 2  # t=0 and t=1; the third would start after the deadline


async def test_refused_connection_is_a_502_after_the_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    async with client(url, retries=1) as api:
        with pytest.raises(UpstreamError) as raised:
            await api.get_json("/v1/things")
        assert raised.value.status == 502
        assert api.breaker.failures == 1  # one failed call, however many attempts


def _transitions(state: str, url: str) -> float:
    labels = {"upstream": "stand-in", "base_url": url, "state": state}
    return REGISTRY.get_sample_value("pmo_upstream_circuit_transitions_total", labels) or 0.0


async def test_breaker_opens_fails_fast_half_opens_and_closes(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.answers((500, {}))
    async with client(upstream.url, retries=0) as api:
        for _ in range(3):
            with pytest.raises(UpstreamError):
                await api.get_json("/v1/things")
        assert api.breaker.state is BreakerState.open
        assert _transitions("open", upstream.url) == 1

        started = time.monotonic()
        with pytest.raises(CircuitOpen) as raised:
            await api.get_json("/v1/things")
        assert time.monotonic() - started < 0.5  # fast: no request made (see seen below)
        assert len(upstream.seen) == 3
        problem = raised.value.to_problem()
        assert problem["status"] == 503
        assert problem["type"].endswith("upstream-circuit-open")
        assert problem["service"] == "stand-in"
        assert raised.value.headers["retry-after"] == "1"

        await asyncio.sleep(0.45)  # the cool-down: the next call is a probe
        upstream.script = [(200, {})]
        assert (await api.get_json("/v1/things"))["ok"] is True
        assert api.breaker.state is BreakerState.closed
        assert _transitions("half_open", upstream.url) == 1
        assert _transitions("closed", upstream.url) == 1


async def test_a_failed_probe_opens_the_breaker_again(upstream: MisbehavingUpstream) -> None:
    upstream.answers((503, {}))
    async with client(upstream.url, retries=0) as api:
        for _ in range(3):
            with pytest.raises(ServiceUnavailable):
                await api.get_json("/v1/things")
        await asyncio.sleep(0.45)
        with pytest.raises(ServiceUnavailable) as probe:
            await api.get_json("/v1/things")
        assert not isinstance(probe.value, CircuitOpen)  # the probe reached the upstream
        assert api.breaker.state is BreakerState.open
        with pytest.raises(CircuitOpen):
            await api.get_json("/v1/things")
    assert len(upstream.seen) == 4


async def test_only_one_probe_at_a_time_while_half_open(upstream: MisbehavingUpstream) -> None:
    upstream.answers((500, {}))
    async with client(upstream.url, retries=0) as api:
        for _ in range(3):
            with pytest.raises(UpstreamError):
                await api.get_json("/v1/things")
        await asyncio.sleep(0.45)
        upstream.script, upstream.hang = [(200, {})], 0.2
        answers = await asyncio.gather(
            *(api.get_json("/v1/things") for _ in range(4)), return_exceptions=True
        )
    assert sum(isinstance(a, dict) for a in answers) == 1
    assert sum(isinstance(a, CircuitOpen) for a in answers) == 3
    assert len(upstream.seen) == 4  # 3 failures + 1 probe


async def test_a_call_counts_once_against_the_breaker_whatever_its_attempts(
    upstream: MisbehavingUpstream,
) -> None:
    upstream.answers((503, {"retry-after": "0"}))
    async with client(upstream.url, retries=2) as api:
        for calls in (1, 2):
            with pytest.raises(ServiceUnavailable):
                await api.get_json("/v1/things")
            assert api.breaker.failures == calls
        assert api.breaker.state is BreakerState.closed
    assert len(upstream.seen) == 6  # 2 calls of 3 attempts


def test_idempotent_requests() -> None:
    assert is_idempotent("GET", {})
    assert is_idempotent("options", {})
    assert not is_idempotent("POST", {"accept": "application/json"})
    assert is_idempotent("PATCH", {"Idempotency-Key": "abc"})


def test_retry_after_seconds_reads_both_forms() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    date = format_datetime(now + timedelta(seconds=3), usegmt=True)
    assert retry_after_seconds(date, now=now.timestamp()) == pytest.approx(3.0)
    assert retry_after_seconds(" 2 ") == 2.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
