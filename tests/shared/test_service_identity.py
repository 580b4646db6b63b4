"""A service's own token: minted and renewed in development, configured in production, and
read back by the verifier as the service role."""

from __future__ import annotations

import contextvars

import pytest

from shared.auth import GlobalRole, TokenVerifier
from shared.observability import current_bearer_token, set_bearer_token
from shared.service_identity import (
    GOVERNANCE,
    MissingServiceToken,
    ServiceIdentity,
    service_identity,
)
from shared.settings import AuthSettings, Environment, PlatformSettings

SECRET = "s" * 48


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _verifier() -> TokenVerifier:
    return TokenVerifier(AuthSettings(jwt_secret=SECRET), PlatformSettings())


async def test_a_minted_token_carries_the_service_role() -> None:
    principal = await _verifier().verify(ServiceIdentity(GOVERNANCE, secret=SECRET).bearer())
    assert principal.subject == "service:governance"
    assert principal.roles == {GlobalRole.governance_service}
    assert principal.can_read_all and not principal.can_write_all


def test_the_token_is_reused_then_renewed_before_it_expires() -> None:
    clock = Clock()
    identity = ServiceIdentity(
        GOVERNANCE, secret=SECRET, ttl_seconds=300, renew_before_seconds=60, clock=clock
    )
    first = identity.bearer()
    clock.now += 239
    assert identity.bearer() == first
    clock.now += 1  # 60 s before expiry
    assert identity.bearer() != first


def test_acting_sends_the_service_token_inside_the_block_only() -> None:
    identity = ServiceIdentity(GOVERNANCE, token="service-token")

    def request() -> None:  # in a context of its own, as each request runs
        set_bearer_token("user-token")
        with identity.acting():
            assert current_bearer_token() == "service-token"
        assert current_bearer_token() == "user-token"

    contextvars.copy_context().run(request)


async def test_development_mints_with_the_development_secret() -> None:
    platform = PlatformSettings(environment=Environment.development)
    identity = service_identity(GOVERNANCE, AuthSettings(jwt_secret=SECRET), platform)
    assert (await _verifier().verify(identity.bearer())).roles == {GlobalRole.governance_service}


def test_production_uses_the_configured_token() -> None:
    platform = PlatformSettings(environment=Environment.production)
    auth = AuthSettings(jwks_url="https://idp.example/jwks", service_token="issued-by-the-idp")
    assert service_identity(GOVERNANCE, auth, platform).bearer() == "issued-by-the-idp"


def test_production_without_a_token_refuses_to_start() -> None:
    platform = PlatformSettings(environment=Environment.production)
    with pytest.raises(MissingServiceToken, match="PMO_AUTH_SERVICE_TOKEN"):
        service_identity(GOVERNANCE, AuthSettings(jwks_url="https://idp.example/jwks"), platform)


def test_an_identity_needs_exactly_one_source() -> None:
    with pytest.raises(ValueError, match="secret"):
        ServiceIdentity(GOVERNANCE)
    with pytest.raises(ValueError, match="secret"):
        ServiceIdentity(GOVERNANCE, secret=SECRET, token="t")
