"""``/graphql`` over WebSocket: the graphql-transport-ws protocol (subscriptions), with the
caller's token from ``connection_init`` (``{"authorization": "Bearer ..."}``) or from the
upgrade request's ``Authorization`` header. A connection never outlives its token: when it
expires, each subscription ends with its UNAUTHENTICATED error, then the connection closes
(4401)."""

from __future__ import annotations

import asyncio
import time
from contextlib import suppress
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
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
)
from strawberry.types.unset import UNSET, UnsetType

from services.gateway.context import GatewayContext, bearer_token
from services.gateway.live.access import token_expiry
from services.gateway.live.hub import FeedHub
from services.gateway.loaders import Loaders

MAX_SUBSCRIPTIONS_PER_CONNECTION = 20
# At the token's expiry the subscriptions end themselves; their errors go out first.
EXPIRY_GRACE_SECONDS = 5.0
TOKEN_EXPIRED_CLOSE_CODE = 4401


@dataclass(slots=True)
class LiveContext(GatewayContext):
    hub: FeedHub | None = None
    connection_params: dict[str, Any] | None = None


class TokenBoundHandler(BaseGraphQLTransportWSHandler[LiveContext, None]):
    """Closes the connection once the token acknowledged with it has expired."""

    expiry: asyncio.Task[None] | None = None
    closing = False

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        expires_at = token_expiry(self.context.token or "")
        if self.connection_acknowledged and self.expiry is None and expires_at is not None:
            self.expiry = asyncio.create_task(self._close_at(expires_at))

    async def _close_at(self, expires_at: float) -> None:
        await asyncio.sleep(max(expires_at - time.time(), 0.0))
        running = [op.task for op in self.operations.values() if op.task is not None]
        if running:
            await asyncio.wait(running, timeout=EXPIRY_GRACE_SECONDS)
        self.closing = True
        await self.websocket.close(code=TOKEN_EXPIRED_CLOSE_CODE, reason="Token expired")

    async def shutdown(self) -> None:
        if self.expiry is not None and not self.closing:
            self.expiry.cancel()
            with suppress(asyncio.CancelledError):
                await self.expiry
        await super().shutdown()


class LiveEndpoint(GraphQL[LiveContext, None]):
    graphql_transport_ws_handler_class = TokenBoundHandler

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
