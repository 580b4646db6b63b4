"""The typed context of one GraphQL request: the upstream clients, this request's
DataLoaders and the caller's token."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from services.gateway.clients import Clients
from services.gateway.loaders import Loaders
from services.gateway.reporting.links import DocumentLinks
from shared.observability import set_bearer_token


@dataclass(slots=True)
class GatewayContext:
    clients: Clients
    loaders: Loaders
    token: str | None
    links: DocumentLinks


Info = StrawberryInfo[GatewayContext, None]


def bearer_token(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def build_context(request: HTTPConnection) -> GatewayContext:
    """Runs in the request's task, so the token set here is the one the clients forward
    (the DataLoaders' batch tasks inherit the context too)."""
    token = bearer_token(request.headers.get("authorization"))
    set_bearer_token(token)
    state = request.app.state
    clients: Clients = state.clients
    return GatewayContext(
        clients=clients, loaders=Loaders(clients), token=token, links=state.document_links
    )
