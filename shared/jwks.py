"""The OIDC provider's signing keys, fetched asynchronously and cached.

A request never blocks the event loop on a key fetch: keys come over ``httpx.AsyncClient``.
The key set is cached for ``ttl_seconds``; a token whose ``kid`` is not in the cache (the
provider rotated its keys) refetches it at once, at most once every
``min_refetch_seconds`` (a flood of forged kids cannot hammer the provider), and one fetch
serves every request waiting on it (single flight: 100 concurrent requests, one fetch).

Failures: the provider unreachable or answering garbage is a 503 problem (the token may be
fine, we cannot tell); a kid still unknown after a refetch is a 401. When a refresh after the
TTL fails but a key for the kid is still cached, that key is used (logged): a provider's
short outage does not log everyone out.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import structlog

from shared.errors import ServiceUnavailable, Unauthorized

log = structlog.get_logger("pmo.jwks")
DISCOVERY_PATH = "/.well-known/openid-configuration"
MAX_DOCUMENT_BYTES = 1_048_576


class KeyFetchFailed(ServiceUnavailable):
    """The provider's keys could not be fetched: 503, the caller may retry."""


class JwksCache:
    def __init__(
        self,
        *,
        jwks_url: str | None,
        issuer: str | None,
        ttl_seconds: float = 300.0,
        min_refetch_seconds: float = 5.0,
        timeout_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not jwks_url and not issuer:
            raise ValueError("a JWKS URL or an OIDC issuer (for discovery) is needed")
        self._jwks_url = jwks_url
        self._issuer = issuer
        self.ttl_seconds = ttl_seconds
        self.min_refetch_seconds = min_refetch_seconds
        self._timeout = timeout_seconds
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._inflight: asyncio.Future[None] | None = None
        self._client: httpx.AsyncClient | None = None
        self.fetches = 0
        # Bumped whenever a key disappears from the set: cached verifications made with it
        # must be forgotten (TokenVerifier checks this).
        self.generation = 0

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def knows(self, kid: str) -> bool:
        return kid in self._keys

    async def key_for(self, kid: str) -> jwt.PyJWK:
        """The signing key with this kid: cached, or after a (shared) refetch."""
        if self.is_fresh() and kid in self._keys:
            return self._keys[kid]
        if self.is_fresh() and not self._may_refetch():
            raise Unauthorized(f"The token's signing key {kid!r} is not known.")
        try:
            await self._refresh()
        except KeyFetchFailed:
            if kid in self._keys:
                log.warning("jwks_refresh_failed_using_cached_key", kid=kid)
                return self._keys[kid]
            raise
        if kid not in self._keys:
            raise Unauthorized(f"The token's signing key {kid!r} is not known.")
        return self._keys[kid]

    def is_fresh(self) -> bool:
        return self._fetched_at is not None and (
            self._clock() - self._fetched_at < self.ttl_seconds
        )

    def _may_refetch(self) -> bool:
        return self._fetched_at is None or (
            self._clock() - self._fetched_at >= self.min_refetch_seconds
        )

    async def _refresh(self) -> None:
        """One fetch for every caller waiting: later callers await the one in flight. The
        fetch is a task of its own, so a caller that goes away does not cancel it for the
        others."""
        if self._inflight is None:
            task = asyncio.ensure_future(self._fetch_into_cache())
            self._inflight = task
            task.add_done_callback(self._fetch_done)
        await asyncio.shield(self._inflight)

    def _fetch_done(self, task: asyncio.Future[None]) -> None:
        self._inflight = None
        if not task.cancelled():
            task.exception()  # retrieved: a failure with no waiter left is not "never retrieved"

    async def _fetch_into_cache(self) -> None:
        self.fetches += 1
        url = self._jwks_url or await self._discover()
        document = await self._get_json(url)
        keys = _usable_keys(document)
        if self._keys.keys() - keys.keys():
            self.generation += 1
        self._keys = keys
        self._fetched_at = self._clock()
        log.info("jwks_fetched", url=url, kids=sorted(keys))

    async def _discover(self) -> str:
        assert self._issuer is not None
        document = await self._get_json(self._issuer.rstrip("/") + DISCOVERY_PATH)
        uri = document.get("jwks_uri")
        if not isinstance(uri, str) or not uri.startswith(("https://", "http://")):
            raise KeyFetchFailed("The identity provider's discovery document has no jwks_uri.")
        self._jwks_url = uri
        return uri

    async def _get_json(self, url: str) -> dict[str, Any]:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)
        try:
            response = await self._client.get(url, headers={"accept": "application/json"})
            response.raise_for_status()
            if len(response.content) > MAX_DOCUMENT_BYTES:
                raise ValueError("document too large")
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("jwks_fetch_failed", url=url, error=repr(exc))
            raise KeyFetchFailed(
                "The identity provider's signing keys cannot be fetched; retry shortly.",
                headers={"Retry-After": "5"},
            ) from exc
        if not isinstance(document, dict):
            raise KeyFetchFailed("The identity provider answered something else than JSON.")
        return document


def _usable_keys(document: dict[str, Any]) -> dict[str, jwt.PyJWK]:
    """kid -> key for the signing keys of a JWKS document (others are skipped)."""
    raw = document.get("keys")
    if not isinstance(raw, list):
        raise KeyFetchFailed("The identity provider's JWKS has no keys list.")
    keys: dict[str, jwt.PyJWK] = {}
    for entry in raw:
        if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str):
            continue
        try:
            keys[kid] = jwt.PyJWK(entry)
        except jwt.PyJWTError:
            log.info("jwks_key_skipped", kid=kid)
    return keys
