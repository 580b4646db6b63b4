"""Webhook targets that must not be reached (SSRF): a URL's host may not be, or resolve to,
a loopback, link-local (cloud metadata at 169.254.169.254), private, shared (CGNAT),
multicast, reserved or unspecified address, IPv4 or IPv6 (IPv4-mapped included), unless it
lies in a network the settings allow.

Checked when a subscription is created or changed (the host's addresses as resolved then)
and again at every delivery, on the addresses the connection is made to
(:class:`CheckedResolver`), so a name that changes its answer later gains nothing.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import SplitResult, urlsplit

from aiohttp.abc import ResolveResult
from aiohttp.resolver import ThreadedResolver

from shared.errors import FieldError, ValidationFailed

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
SCHEMES = ("https", "http")
RESOLVE_TIMEOUT_SECONDS = 3.0


class ForbiddenTarget(OSError):
    """The target is, or resolves to, an address webhooks may not reach."""


def refused(address: Address) -> bool:
    """True for every address that is not a public unicast one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and refused(embedded):
            return True
        if address.is_site_local:
            return True
    return (
        not address.is_global
        or address.is_multicast
        or address.is_reserved
        or address.is_link_local
        or address.is_loopback
        or address.is_unspecified
        or address.is_private
    )


def allowed(address: Address, networks: Sequence[Network]) -> bool:
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    for candidate in (address, mapped):
        if candidate is not None and any(candidate in net for net in networks):
            return True
    return not refused(address)


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(f"The webhook url {message}.", errors=[FieldError("url", message)])


def parse_target(url: str) -> SplitResult:
    """The URL split, if it is an absolute http(s) URL without credentials; else 422."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise _invalid("must not contain spaces or control characters")
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise _invalid("must be an https or http URL")
    try:
        host, _port = parts.hostname, parts.port
    except ValueError as exc:
        raise _invalid("has an invalid host or port") from exc
    if not host:
        raise _invalid("must name a host")
    if parts.username is not None or parts.password is not None:
        raise _invalid("must not carry credentials")
    return parts


def literal_address(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def check_address(address: Address, networks: Sequence[Network], host: str) -> None:
    if not allowed(address, networks):
        raise ForbiddenTarget(f"{host} is or resolves to {address}, an address not allowed")


async def resolve(host: str, port: int) -> list[Address]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


async def validate_target(url: str, networks: Sequence[Network]) -> None:
    """422 naming ``url`` when the URL is malformed or its host is, or now resolves to, an
    address not allowed. A host that does not resolve (yet) passes: every delivery checks
    again."""
    parts = parse_target(url)
    host = parts.hostname or ""
    literal = literal_address(host)
    try:
        if literal is not None:
            check_address(literal, networks, host)
            return
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        try:
            async with asyncio.timeout(RESOLVE_TIMEOUT_SECONDS):
                addresses = await resolve(host, port)
        except (OSError, TimeoutError, UnicodeError, ValueError):
            return
        for address in addresses:
            check_address(address, networks, host)
    except ForbiddenTarget as exc:
        raise _invalid(
            f"is not allowed: {exc} (loopback, private, link-local or reserved)"
        ) from exc


class CheckedResolver(ThreadedResolver):
    """aiohttp's resolver, refusing hosts that resolve to an address not allowed: the
    connection is made only to addresses checked here."""

    def __init__(self, networks: Sequence[Network]) -> None:
        super().__init__()
        self._networks = list(networks)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await super().resolve(host, port, family)
        for result in results:
            check_address(ipaddress.ip_address(result["host"]), self._networks, host)
        return results
