"""A service's own identity, for calls it makes to another service as itself rather than on
behalf of the user whose request it is serving (the typed clients forward the caller's token
by default).

The governance service moves a project's phase when a gate review lets it through: the
projects service accepts that only from a token carrying the ``governance-service`` role
(:attr:`shared.auth.GlobalRole.governance_service`), which no user holds.

- Development and tests: a short-lived HS256 token minted with the development secret that
  every service verifies with (:func:`shared.auth.mint_token`), renewed before it expires.
- Production: the token the identity provider issued to the service's own client (client
  credentials), in ``PMO_AUTH_SERVICE_TOKEN``; the provider must issue the service role only
  to that client. Build the identity when the app is created (:func:`service_identity`),
  so a missing token stops the service at start-up instead of failing its first call.

Use::

    identity = service_identity(GOVERNANCE)          # at start-up
    with identity.acting():                           # per call
        await projects.set_project_phase(project_id, change)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from shared.auth import GlobalRole, mint_token
from shared.observability import bearer_token_as
from shared.settings import AuthSettings, Environment, PlatformSettings, resolve_jwt_secret

# A minted token lives five minutes and is replaced a minute before it expires, so a call
# never leaves with a token about to lapse (verifiers allow 30 s of clock skew on top).
TOKEN_TTL_SECONDS = 300
RENEW_BEFORE_SECONDS = 60


class MissingServiceToken(RuntimeError):
    """Production without the service's own token: the service must not start."""


@dataclass(frozen=True, slots=True)
class ServiceAccount:
    subject: str
    roles: tuple[str, ...]


GOVERNANCE = ServiceAccount("service:governance", (GlobalRole.governance_service.value,))
# The gateway tails every service's change feed for its live subscriptions: it reads every
# event (a global read role), and fans each out only to subscribers who may read its project.
GATEWAY = ServiceAccount("service:gateway", (GlobalRole.executive.value,))


class ServiceIdentity:
    """Gives a bearer token for ``account``: a configured one as is, or one minted with
    ``secret`` and renewed ``renew_before_seconds`` before it expires."""

    def __init__(
        self,
        account: ServiceAccount,
        *,
        secret: str | None = None,
        token: str | None = None,
        audience: str = "pmo",
        issuer: str | None = None,
        ttl_seconds: int = TOKEN_TTL_SECONDS,
        renew_before_seconds: int = RENEW_BEFORE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if (secret is None) == (token is None):
            raise ValueError("give a secret to mint tokens with, or a configured token")
        if renew_before_seconds >= ttl_seconds:
            raise ValueError("renew_before_seconds must be shorter than ttl_seconds")
        self.account = account
        self._secret = secret
        self._token = token
        self._audience = audience
        self._issuer = issuer
        self._ttl = ttl_seconds
        self._renew_before = renew_before_seconds
        self._clock = clock
        self._renew_at = 0.0

    def bearer(self) -> str:
        """The token to send now."""
        if self._secret is None:
            assert self._token is not None
            return self._token
        now = self._clock()
        if self._token is None or now >= self._renew_at:
            self._token = mint_token(
                self._secret,
                subject=self.account.subject,
                roles=list(self.account.roles),
                ttl_seconds=self._ttl,
                audience=self._audience,
                issuer=self._issuer,
            )
            self._renew_at = now + self._ttl - self._renew_before
        return self._token

    @contextmanager
    def acting(self) -> Iterator[None]:
        """Calls the typed clients make inside the block carry this service's token (the
        clients that forward the caller's token, that is: a client built with ``token=``
        always sends that one)."""
        with bearer_token_as(self.bearer()):
            yield


def service_identity(
    account: ServiceAccount,
    auth: AuthSettings | None = None,
    platform: PlatformSettings | None = None,
) -> ServiceIdentity:
    """The identity for ``account`` from the settings (see the module's docstring); raises
    :class:`MissingServiceToken` in production without ``PMO_AUTH_SERVICE_TOKEN``."""
    auth = auth or AuthSettings()
    platform = platform or PlatformSettings()
    if auth.service_token:
        return ServiceIdentity(account, token=auth.service_token)
    secret = (
        None
        if platform.environment is Environment.production
        else (resolve_jwt_secret(auth, platform))
    )
    if secret is None:  # production, or OIDC configured: the provider issues it
        raise MissingServiceToken(
            f"PMO_AUTH_SERVICE_TOKEN is not set: in production {account.subject} calls other "
            "services with the token the identity provider issued to its own client "
            f"(roles: {', '.join(account.roles)})."
        )
    return ServiceIdentity(account, secret=secret, audience=auth.audience, issuer=auth.oidc_issuer)
