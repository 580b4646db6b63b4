"""Gateway settings (prefix ``GATEWAY_``): where the upstreams are and the query limits."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    projects_url: str = "http://127.0.0.1:8001"
    governance_url: str = "http://127.0.0.1:8002"
    reporting_url: str = "http://127.0.0.1:8003"
    # Where clients reach the reporting service (an ingress, say) for the document URLs the
    # schema hands out (exports, charts, status reports); unset: ``reporting_url``.
    reporting_public_url: str | None = None

    # A slow upstream must cost one field, not the whole query: keep this well under the
    # client-facing timeout.
    upstream_timeout_seconds: float = Field(default=5.0, gt=0)
    upstream_connect_timeout_seconds: float = Field(default=1.0, gt=0)
    # One upstream call, retries and their waits included (a field's worst case).
    upstream_total_timeout_seconds: float = Field(default=8.0, gt=0)
    upstream_retries: int = Field(default=1, ge=0, le=5)

    max_body_bytes: int = Field(default=262_144, ge=1_024)
    # A multipart request with files (an MS Project plan to import) is capped on its own.
    max_upload_bytes: int = Field(default=20_971_520, ge=1_024)
    introspection: bool = True
    graphiql: bool = True
    max_depth: int = Field(default=12, ge=2)
    max_tokens: int = Field(default=2_000, ge=50)
    max_aliases: int = Field(default=30, ge=0)
    # Estimated rows a query may ask for (connection sizes multiplied through nesting).
    max_cost: int = Field(default=50_000, ge=1)
    # None: mask unexpected errors in production only (PMO_ENVIRONMENT).
    mask_errors: bool | None = None
    # Parsed and validated documents kept per process (bounded: unique queries cannot grow
    # memory without limit).
    document_cache_size: int = Field(default=512, ge=1)

    # Automatic persisted queries: query texts kept by hash (LRU, bounded by count and size).
    persisted_queries_cache_size: int = Field(default=1_000, ge=1)
    persisted_queries_cache_chars: int = Field(default=8_000_000, ge=1_000)
    # Production hardening: run only the documents of the allow-list file (JSON of sha256 hash
    # -> document, or an Apollo persisted-query manifest), loaded at start-up.
    persisted_queries_only: bool = False
    persisted_queries_file: Path | None = None

    # projectEvents: how often a running subscription checks again that its caller may read
    # the project (besides right after each membership or archiving event of it).
    live_access_recheck_seconds: float = Field(default=60.0, gt=0)
    # The most missed events a subscription resumed with ``after`` sends before going live;
    # a cursor further behind is refused (CATCHUP_TOO_LARGE): page the feeds first.
    live_max_catchup_events: int = Field(default=10_000, ge=1)
