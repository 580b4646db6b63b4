"""Settings shared by every service; each service subclasses with its own env prefix."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.webhooks.settings import WebhookSettings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEV_SECRET_MIN_LENGTH = 32
PLACEHOLDER_SECRETS = {"", "changeme", "secret", "change-me", "dev"}


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class PlatformSettings(BaseSettings):
    """Settings every process reads (prefix ``PMO_``)."""

    model_config = SettingsConfigDict(env_prefix="PMO_", extra="ignore")

    environment: Environment = Environment.development
    state_dir: Path = PROJECT_ROOT / ".state"
    log_level: str = "INFO"
    log_json: bool = True
    # After SIGTERM: how long in-flight requests may run on before the process stops anyway
    # (uvicorn's timeout_graceful_shutdown); new connections are refused at once.
    shutdown_grace_seconds: int = Field(default=20, ge=0)


class AuthSettings(BaseSettings):
    """JWT verification. Development signs HS256 with a generated secret; production uses OIDC."""

    model_config = SettingsConfigDict(env_prefix="PMO_AUTH_", extra="ignore")

    jwt_secret: str | None = None
    oidc_issuer: str | None = None
    jwks_url: str | None = None
    audience: str = "pmo"
    algorithms: list[str] = Field(default_factory=lambda: ["RS256", "ES256"])
    leeway_seconds: int = 30
    # The provider's key set (shared/jwks.py): cached this long; a token with an unknown kid
    # refetches it at most once per jwks_min_refetch_seconds. Without jwks_url the keys are
    # found through oidc_issuer + /.well-known/openid-configuration.
    jwks_cache_seconds: float = Field(default=300.0, gt=0)
    jwks_min_refetch_seconds: float = Field(default=5.0, ge=0)
    jwks_timeout_seconds: float = Field(default=5.0, gt=0)
    # This service's own bearer token for calls it makes as itself (service_identity.py):
    # required in production, where the identity provider issues it to the service's client.
    service_token: str | None = None


class ServiceSettings(BaseSettings):
    """Base of each service's settings (``PROJECTS_``, ``GOVERNANCE_``, ``REPORTING_``)."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str
    db_pool_size: int = 10
    db_max_overflow: int = 10
    # Hot reads run on their own asyncpg pool; point it at a replica to offload the primary.
    read_database_url: str | None = None
    db_read_pool_size: int = 10
    max_body_bytes: int = 1_048_576
    idempotency_ttl_seconds: int = 86_400
    # A key claimed by a request that never finished (its process died) is taken over by a
    # retry after this long; until then a retry gets 409 "in flight".
    idempotency_lock_seconds: int = Field(default=60, ge=1)
    # Webhooks (PMO_WEBHOOKS_*): the same for every service unless given here.
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)

    @model_validator(mode="after")
    def _asyncpg_driver(self) -> ServiceSettings:
        self.database_url = asyncpg_url(self.database_url)
        if self.read_database_url:
            self.read_database_url = asyncpg_url(self.read_database_url)
        return self


def asyncpg_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and point SQLAlchemy at asyncpg."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("database_url must be a postgresql:// URL")


@lru_cache
def platform_settings() -> PlatformSettings:
    return PlatformSettings()


def dev_secret_path(state_dir: Path) -> Path:
    return state_dir / "dev-jwt-secret"


def load_or_create_dev_secret(state_dir: Path) -> str:
    """The development HS256 secret: generated once into the state folder, then reused."""
    return load_or_create_secret(dev_secret_path(state_dir), lambda: secrets.token_urlsafe(48))


def load_or_create_secret(path: Path, generate: Callable[[], str]) -> str:
    """A secret kept in ``path``: generated once by ``generate``, then reused."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = generate()
    # Written to a private temporary file, then linked into place: the secret appears whole
    # and 0600 or not at all, and of two processes starting at once the second reads the
    # first's secret instead of a half-written file.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secret)
        os.link(temporary, path)
    except FileExistsError:
        return path.read_text().strip()
    finally:
        os.unlink(temporary)
    return secret


def resolve_jwt_secret(auth: AuthSettings, platform: PlatformSettings) -> str | None:
    """The HS256 secret to verify with, refusing placeholders outside development."""
    if auth.jwt_secret is not None:
        if platform.environment is Environment.production and (
            auth.jwt_secret.lower() in PLACEHOLDER_SECRETS
            or len(auth.jwt_secret) < DEV_SECRET_MIN_LENGTH
        ):
            raise ValueError("PMO_AUTH_JWT_SECRET is a placeholder or too short for production")
        return auth.jwt_secret
    if auth.jwks_url or auth.oidc_issuer:
        return None  # OIDC configured: keys from the provider, in any environment
    if platform.environment is Environment.production:
        raise ValueError(
            "production needs PMO_AUTH_JWKS_URL or PMO_AUTH_OIDC_ISSUER (or PMO_AUTH_JWT_SECRET)"
        )
    return load_or_create_dev_secret(platform.state_dir)
