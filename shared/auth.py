"""Bearer-token authentication and the global roles of DESIGN §5.

Development and tests verify HS256 tokens signed with the generated secret in the state
folder; production verifies RS256/ES256 tokens against the OIDC provider's JWKS, fetched
asynchronously and cached (shared/jwks.py). Service tokens of integrating systems carry the
role ``integration``, scopes and project limits (shared/scopes.py).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request

from shared.errors import Forbidden, Unauthorized
from shared.jwks import JwksCache
from shared.observability import set_actor, set_bearer_token
from shared.reads import Reader, get_reader
from shared.scopes import SCOPES, ensure_scope, parse_scopes
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
    # The reporting service calling as itself to subscribe to every project event, with its
    # callback inside the cluster (shared/webhooks/access.py): issued, like the one above,
    # only to reporting's own client, never to a user.
    reporting_service = "reporting-service"
    # An integrating system's service token (client credentials): scoped, limited to the
    # projects it names, never a project member, never admin or pmo (shared/scopes.py).
    integration = "integration"


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
    # None: a user (everything its roles allow). A service token: what it may do.
    scopes: frozenset[str] | None = None
    # A service token's limits: the projects it names, and those of the portfolios it names
    # (the projects service resolves them per request into project_ids).
    project_ids: frozenset[uuid.UUID] | None = None
    portfolio_ids: frozenset[uuid.UUID] | None = None

    @property
    def is_integration(self) -> bool:
        return GlobalRole.integration in self.roles

    def may_reach(self, project_id: uuid.UUID, portfolio_id: uuid.UUID | None = None) -> bool:
        """Whether the project is within a service token's limits (users: always)."""
        if not self.is_integration:
            return True
        if project_id in (self.project_ids or ()):
            return True
        return portfolio_id is not None and portfolio_id in (self.portfolio_ids or ())

    def with_projects(self, project_ids: frozenset[uuid.UUID]) -> Principal:
        """A service token with the projects of its portfolios added to its limits."""
        return replace(self, project_ids=(self.project_ids or frozenset()) | project_ids)

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


ASYMMETRIC_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"})


class TokenVerifier:
    """Verifies a bearer token once per request; cheap enough for the hot path (HS256 ~20 µs).

    With a JWKS (production) only asymmetric algorithms are accepted, so a token signed
    HS256 with the provider's public key as the secret (algorithm confusion) and ``alg:
    none`` are refused; the key is picked by the token's ``kid`` and must be of the
    token's algorithm."""

    def __init__(self, auth: AuthSettings, platform: PlatformSettings) -> None:
        self.audience = auth.audience
        self.issuer = auth.oidc_issuer
        self.leeway = auth.leeway_seconds
        self.secret = resolve_jwt_secret(auth, platform)
        self.jwks: JwksCache | None = None
        if self.secret is not None:
            self.algorithms = ["HS256"]
        else:
            self.algorithms = [a for a in auth.algorithms if a in ASYMMETRIC_ALGORITHMS]
            self.jwks = JwksCache(
                jwks_url=auth.jwks_url,
                issuer=auth.oidc_issuer,
                ttl_seconds=auth.jwks_cache_seconds,
                min_refetch_seconds=auth.jwks_min_refetch_seconds,
                timeout_seconds=auth.jwks_timeout_seconds,
            )
        self._cache: dict[str, tuple[Principal, float, int]] = {}

    async def aclose(self) -> None:
        if self.jwks is not None:
            await self.jwks.aclose()

    def _still_valid(self, entry: tuple[Principal, float, int]) -> bool:
        """A cached verification holds until the token expires, and with a JWKS while the
        key set is fresh and has lost no key since (a stale set is refetched first)."""
        if entry[1] <= time.time():
            return False
        return self.jwks is None or (self.jwks.is_fresh() and entry[2] == self.jwks.generation)

    def _generation(self) -> int:
        return self.jwks.generation if self.jwks is not None else 0

    async def _key_for(self, token: str) -> tuple[Any, list[str]]:
        if self.secret is not None:
            return self.secret, self.algorithms
        assert self.jwks is not None
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The bearer token is not valid: {exc}.") from exc
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in self.algorithms:
            raise Unauthorized(f"The bearer token's algorithm {algorithm!r} is not accepted.")
        if not isinstance(kid, str) or not kid:
            raise Unauthorized("The bearer token names no signing key (kid).")
        key = await self.jwks.key_for(kid)
        if key.algorithm_name != algorithm:
            raise Unauthorized(f"The signing key {kid!r} is not a {algorithm} key.")
        return key.key, [algorithm]

    async def verify(self, token: str) -> Principal:
        """Verified principals are cached by the exact token string until it expires (or a
        key leaves the provider's key set): the signature check is the costliest step of a
        cheap read, and clients reuse tokens."""
        cached = self._cache.get(token)
        if cached is not None and self._still_valid(cached):
            return cached[0]
        key, algorithms = await self._key_for(token)
        principal, expires_at = self._decode(token, key, algorithms)
        if len(self._cache) >= TOKEN_CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[token] = (principal, expires_at, self._generation())
        return principal

    def _decode(self, token: str, key: Any, algorithms: list[str]) -> tuple[Principal, float]:
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The bearer token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The bearer token is not valid: {exc}.") from exc
        return _principal(claims, token), float(claims["exp"]) + self.leeway


_ROLE_VALUES = frozenset(role.value for role in GlobalRole)


def _roles(claims: dict[str, Any]) -> frozenset[GlobalRole]:
    raw = claims.get("roles") or []
    if isinstance(raw, str):
        raw = [raw]
    roles = {GlobalRole(r) for r in raw if r in _ROLE_VALUES}
    if GlobalRole.integration in roles:
        # A service token is nothing else, whatever other roles it claims.
        return frozenset({GlobalRole.integration})
    return frozenset(roles or {GlobalRole.member})


def _principal(claims: dict[str, Any], token: str) -> Principal:
    roles = _roles(claims)
    subject = str(claims["sub"])
    if GlobalRole.integration not in roles:
        return Principal(subject=subject, roles=roles, token=token)
    return Principal(
        subject=subject,
        roles=roles,
        token=token,
        scopes=parse_scopes(claims.get("scope")),
        project_ids=_ids(claims, "pmo_projects"),
        portfolio_ids=_ids(claims, "pmo_portfolios"),
    )


def _ids(claims: dict[str, Any], name: str) -> frozenset[uuid.UUID]:
    raw = claims.get(name) or []
    if isinstance(raw, str):
        raw = raw.split()
    try:
        return frozenset(uuid.UUID(str(value)) for value in raw)
    except ValueError as exc:
        raise Unauthorized(f"The bearer token's {name} claim must list UUIDs.") from exc


def mint_token(
    secret: str,
    *,
    subject: str,
    roles: list[str],
    ttl_seconds: int = 12 * 3600,
    audience: str = "pmo",
    issuer: str | None = None,
    extra_claims: dict[str, Any] | None = None,
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
    claims.update(extra_claims or {})
    return jwt.encode(claims, secret, algorithm="HS256")


def mint_integration_token(
    secret: str,
    *,
    name: str,
    scope: str,
    project_ids: Iterable[uuid.UUID | str] = (),
    portfolio_ids: Iterable[uuid.UUID | str] = (),
    ttl_seconds: int = 12 * 3600,
    audience: str = "pmo",
    issuer: str | None = None,
) -> str:
    """A development service token for an integrating system (shared/scopes.py); in
    production the identity provider issues them to the system's client."""
    unknown = set(scope.split()) - SCOPES
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(sorted(unknown))}")
    return mint_token(
        secret,
        subject=f"integration:{name}",
        roles=[GlobalRole.integration.value],
        ttl_seconds=ttl_seconds,
        audience=audience,
        issuer=issuer,
        extra_claims={
            "scope": " ".join(scope.split()),
            "pmo_projects": [str(uuid.UUID(str(p))) for p in project_ids],
            "pmo_portfolios": [str(uuid.UUID(str(p))) for p in portfolio_ids],
        },
    )


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization")
    if not header:
        raise Unauthorized("Send Authorization: Bearer <token>.")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <token>'.")
    return token.strip()


# A service's hook that completes a service token's limits per request (the projects service
# resolves its portfolios into their projects): app.state.principal_limits.
PrincipalLimits = Callable[[Reader, Principal], Awaitable[Principal]]


async def current_principal(
    request: Request, reader: Annotated[Reader, Depends(get_reader)]
) -> Principal:
    token = _bearer(request)
    verifier: TokenVerifier = request.app.state.token_verifier
    principal = await verifier.verify(token)
    set_bearer_token(token)
    set_actor(principal.subject)
    if principal.is_integration:
        route = request.scope.get("route")
        ensure_scope(
            principal.scopes or frozenset(), request.method, getattr(route, "operation_id", None)
        )
        limits: PrincipalLimits | None = getattr(request.app.state, "principal_limits", None)
        if limits is not None and principal.portfolio_ids:
            principal = await limits(reader, principal)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
