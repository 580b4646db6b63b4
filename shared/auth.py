"""Bearer-token authentication and the global roles of DESIGN §5.

Development and tests verify HS256 tokens signed with the generated secret in the state
folder; production verifies RS256/ES256 tokens against the OIDC provider's JWKS.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request

from shared.errors import Forbidden, Unauthorized
from shared.observability import set_actor, set_bearer_token
from shared.settings import AuthSettings, PlatformSettings, resolve_jwt_secret


class GlobalRole(StrEnum):
    admin = "admin"
    pmo = "pmo"
    executive = "executive"
    member = "member"
    # The governance service calling as itself (shared/service_identity.py): the only role
    # that moves a project's phase, which gate reviews decide. Development and tests mint
    # it with the development secret; in production the identity provider must issue it
    # only to the governance service's own client (client credentials), never to a user.
    governance_service = "governance-service"


TOKEN_CACHE_SIZE = 10_000
# The governance service evaluates every project's compliance, so its identity reads all.
READ_ALL_ROLES = frozenset(
    {GlobalRole.admin, GlobalRole.pmo, GlobalRole.executive, GlobalRole.governance_service}
)
WRITE_ALL_ROLES = frozenset({GlobalRole.admin, GlobalRole.pmo})


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    roles: frozenset[GlobalRole]
    token: str

    @property
    def can_read_all(self) -> bool:
        return bool(self.roles & READ_ALL_ROLES)

    @property
    def can_write_all(self) -> bool:
        return bool(self.roles & WRITE_ALL_ROLES)

    def require_any(self, *roles: GlobalRole) -> None:
        if not self.roles & set(roles):
            names = ", ".join(r.value for r in roles)
            raise Forbidden(f"This action needs one of the roles: {names}.")


class TokenVerifier:
    """Verifies a bearer token once per request; cheap enough for the hot path (HS256 ~20 µs)."""

    def __init__(self, auth: AuthSettings, platform: PlatformSettings) -> None:
        self.audience = auth.audience
        self.issuer = auth.oidc_issuer
        self.leeway = auth.leeway_seconds
        self.secret = resolve_jwt_secret(auth, platform)
        self.algorithms = ["HS256"] if self.secret else auth.algorithms
        self.jwks = jwt.PyJWKClient(auth.jwks_url, cache_keys=True) if auth.jwks_url else None
        self._cache: dict[str, tuple[Principal, float]] = {}

    def _key_for(self, token: str) -> Any:
        if self.secret is not None:
            return self.secret
        assert self.jwks is not None
        return self.jwks.get_signing_key_from_jwt(token).key

    def verify(self, token: str) -> Principal:
        """Verified principals are cached by the exact token string until it expires: the
        signature check is the costliest step of a cheap read, and clients reuse tokens."""
        cached = self._cache.get(token)
        if cached is not None and cached[1] > time.time():
            return cached[0]
        principal, expires_at = self._decode(token)
        if len(self._cache) >= TOKEN_CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[token] = (principal, expires_at)
        return principal

    def _decode(self, token: str) -> tuple[Principal, float]:
        try:
            claims = jwt.decode(
                token,
                self._key_for(token),
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The bearer token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The bearer token is not valid: {exc}.") from exc
        principal = Principal(subject=str(claims["sub"]), roles=_roles(claims), token=token)
        return principal, float(claims["exp"]) + self.leeway


_ROLE_VALUES = frozenset(role.value for role in GlobalRole)


def _roles(claims: dict[str, Any]) -> frozenset[GlobalRole]:
    raw = claims.get("roles") or []
    if isinstance(raw, str):
        raw = [raw]
    roles = {GlobalRole(r) for r in raw if r in _ROLE_VALUES}
    return frozenset(roles or {GlobalRole.member})


def mint_token(
    secret: str,
    *,
    subject: str,
    roles: list[str],
    ttl_seconds: int = 12 * 3600,
    audience: str = "pmo",
    issuer: str | None = None,
) -> str:
    """A development token (HS256). Production tokens come from the OIDC provider."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": subject,
        "roles": roles,
        "aud": audience,
        "iat": now,
        "exp": now + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    if issuer:
        claims["iss"] = issuer
    return jwt.encode(claims, secret, algorithm="HS256")


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization")
    if not header:
        raise Unauthorized("Send Authorization: Bearer <token>.")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <token>'.")
    return token.strip()


async def current_principal(request: Request) -> Principal:
    token = _bearer(request)
    verifier: TokenVerifier = request.app.state.token_verifier
    principal = verifier.verify(token)
    set_bearer_token(token)
    set_actor(principal.subject)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
