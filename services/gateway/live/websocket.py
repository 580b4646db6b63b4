"""``/graphql`` over WebSocket: the graphql-transport-ws protocol (subscriptions), with the
caller's token from ``connection_init`` (``{"authorization": "Bearer ..."}``) or from the
upgrade request's ``Authorization`` header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from services.gateway.context import GatewayContext, bearer_token
from services.gateway.live.hub import FeedHub
from services.gateway.loaders import Loaders

MAX_SUBSCRIPTIONS_PER_CONNECTION = 20


@dataclass(slots=True)
class LiveContext(GatewayContext):
    hub: FeedHub | None = None
    connection_params: dict[str, Any] | None = None


class LiveEndpoint(GraphQL[LiveContext, None]):
    def __init__(self, schema: BaseSchema) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> LiveContext:
        state = request.app.state
        return LiveContext(
            clients=state.clients,
            loaders=Loaders(state.clients),
            token=bearer_token(request.headers.get("authorization")),
            links=state.document_links,
            hub=state.feed_hub,
        )

    async def on_ws_connect(self, context: LiveContext) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        header = params.get("authorization", params.get("Authorization"))
        token = (bearer_token(header) if isinstance(header, str) else None) or context.token
        if token is None:
            raise ConnectionRejectionError(
                {"message": 'Send {"authorization": "Bearer <token>"} in connection_init.'}
            )
        context.token = token
        return UNSET
