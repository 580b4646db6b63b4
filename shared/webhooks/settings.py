"""Webhook settings (prefix ``PMO_WEBHOOKS_``), the same for every service."""

from __future__ import annotations

import ipaddress
from typing import Self

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The wait before each retry (the first try is at once): about a day in all, then "dead".
# 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 6 h, 7 h = 24 h 2 min.
# A lease outlives one POST (``timeout_seconds``) by at least this much: signing, the
# target's resolution and recording the outcome happen inside the lease too.
LEASE_MARGIN_SECONDS = 5.0
# The owner kind of our own services' subscriptions (shared/webhooks/access.py).
INTERNAL_OWNER_KIND = "internal"
DEFAULT_SCHEDULE = [5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0, 10800.0, 21600.0, 21600.0, 25200.0]


class WebhookSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PMO_WEBHOOKS_", extra="ignore")

    # Networks a target may resolve into although they are private, loopback or otherwise
    # refused (SSRF), e.g. ["127.0.0.0/8"] for a local demo. Empty in production.
    allowed_cidrs: list[str] = Field(default_factory=list)
    # Networks only the subscriptions of our own services (owner kind ``internal``: made
    # with the ``reporting-service`` role) may reach besides: e.g. the cluster's Service
    # range, where reporting's inbound endpoint lives. User subscriptions never reach them.
    internal_allowed_cidrs: list[str] = Field(default_factory=list)
    dispatcher_enabled: bool = True
    # How often the dispatcher looks for work when no notification woke it.
    poll_interval_seconds: float = Field(default=1.0, gt=0, le=60)
    # The waits before the retries; after the last one fails the delivery is dead.
    retry_schedule_seconds: list[float] = Field(
        default_factory=lambda: list(DEFAULT_SCHEDULE), min_length=1, max_length=30
    )
    # Every wait of the schedule is multiplied by this (tests shrink it).
    retry_scale: float = Field(default=1.0, gt=0, le=10)
    # A receiver's Retry-After (429, 503) is honoured up to this long.
    max_retry_after_seconds: float = Field(default=21600.0, ge=0)
    # One POST: connect + send + answer.
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # A claimed delivery belongs to its dispatcher this long; after, another replica may
    # take it (the first one crashed) and send it again. Must exceed timeout_seconds by
    # LEASE_MARGIN_SECONDS at least, or slow sends would be re-sent while still running.
    lease_seconds: float = Field(default=60.0, gt=0)
    # Deliveries claimed and not yet recorded (sent concurrently) at a time, per process;
    # events fanned out per batch. A busy process's event loop makes each send, claim and
    # record slow to come round, so throughput comes from many in flight (bench_events).
    batch_size: int = Field(default=256, ge=1, le=500)
    fanout_batch_size: int = Field(default=500, ge=1, le=10000)
    # Connections (concurrent POSTs) to one receiver host per process; more sends to it
    # wait for one to be free (within timeout_seconds).
    max_connections_per_host: int = Field(default=256, ge=1, le=500)
    # Deliveries of one subscription leased at a time (all replicas together, give or take
    # a concurrent claim): a backlog leaves room in each claim for other subscriptions.
    # Keep it <= max_connections_per_host so that its sends do not queue for a connection.
    # Both default to batch_size: a subscription's throughput is this many / the time from
    # claim to recorded outcome, and under load that time is mostly our own event loop's
    # queue, not the receiver (bench_events, 50 clients: lag p50 21 s at 64, 3.8 s at 128,
    # 1.1 s at 256). Lower both for a fragile receiver.
    max_in_flight_per_subscription: int = Field(default=256, ge=1, le=500)
    # The dispatcher's own connections (fan-out, claims, records; one more if need be),
    # apart from the requests' pool so that under load it does not queue behind them.
    db_pool_size: int = Field(default=3, ge=1, le=20)
    # On shutdown: how long in-flight sends may take to finish and be recorded.
    shutdown_grace_seconds: float = Field(default=10.0, ge=0)
    # After a rotation the previous secret still signs (beside the new one) this long.
    previous_secret_ttl_seconds: int = Field(default=86400, ge=0)
    # Events one range replay re-sends at most.
    max_replay_events: int = Field(default=10000, ge=1)
    # Events replayed (single and range replays together) per subscription in any hour;
    # beyond it a replay is refused with 429 and Retry-After.
    max_replays_per_hour: int = Field(default=10000, ge=1)
    # A project manager's right to their subscription, once confirmed, covers deliveries
    # that fall due within this many seconds after; later ones wait for a new check.
    access_recheck_seconds: float = Field(default=30.0, ge=0, le=3600)
    # Retention: outbox events (PMO_EVENTS_RETENTION_DAYS) and finished deliveries with
    # their tries older than this are pruned, every retention_interval_seconds, in batches.
    events_retention_days: float = Field(
        default=30.0,
        gt=0,
        validation_alias=AliasChoices("events_retention_days", "PMO_EVENTS_RETENTION_DAYS"),
    )
    delivery_retention_days: float = Field(default=30.0, gt=0)
    retention_interval_seconds: float = Field(default=3600.0, gt=0)
    retention_batch_size: int = Field(default=1000, ge=1, le=100000)

    @field_validator("allowed_cidrs", "internal_allowed_cidrs")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for cidr in value:
            ipaddress.ip_network(cidr, strict=False)
        return value

    @model_validator(mode="after")
    def _lease_outlives_a_send(self) -> Self:
        if self.lease_seconds <= self.timeout_seconds + LEASE_MARGIN_SECONDS:
            raise ValueError(
                f"lease_seconds ({self.lease_seconds}) must exceed timeout_seconds "
                f"({self.timeout_seconds}) + {LEASE_MARGIN_SECONDS}"
            )
        return self

    def networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(cidr, strict=False) for cidr in self.allowed_cidrs]

    def internal_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """What an internal subscription may reach: the allowed networks and the internal."""
        extra = [ipaddress.ip_network(cidr, strict=False) for cidr in self.internal_allowed_cidrs]
        return self.networks() + extra

    def is_internal(self, owner_kind: str) -> bool:
        return bool(self.internal_allowed_cidrs) and owner_kind == INTERNAL_OWNER_KIND

    def networks_of(self, owner_kind: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """The networks a subscription of this owner kind may reach (checked when it is
        saved and at every delivery)."""
        return self.internal_networks() if self.is_internal(owner_kind) else self.networks()

    def retry_delay(self, attempts: int) -> float | None:
        """The (unjittered) wait before the next try after ``attempts`` tries; None: dead."""
        if attempts > len(self.retry_schedule_seconds):
            return None
        return self.retry_schedule_seconds[attempts - 1] * self.retry_scale
