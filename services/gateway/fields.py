"""Field factories for the shapes that recur across domains, so each is written once:
a root field reading one node by id, and a connection over one of a project's lists."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Protocol

import strawberry
from strawberry.dataloader import DataLoader

from services.gateway.batching import PageKey, PageResult
from services.gateway.connections import After, Connection, First, connection, page_request
from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.loaders import Loaders


class Node(Protocol):
    """A GraphQL type made from a DTO."""

    @classmethod
    def from_dto(cls, dto: Any) -> Any: ...


Pick = Callable[[Loaders], DataLoader[Any, Any]]


def node_by_id(node: type[Node], by_id: Pick) -> Any:
    """A root field ``(id: ID!): node``, read through the request's ``by_id`` loader (so
    the same node asked for twice, or primed by a list, costs no second call)."""

    kind = node.__strawberry_definition__.name  # type: ignore[attr-defined]

    async def resolve(root: Any, info: Info, id: strawberry.ID) -> Any:
        # A global id or the service's UUID; a global id naming another type is bad input.
        key: uuid.UUID = parse_id(id, kind=kind)
        return node.from_dto(await by_id(info.context.loaders).load(key))

    graphql_type = node | None
    return strawberry.field(resolver=resolve, graphql_type=graphql_type)


PagesOf = Callable[[Loaders], DataLoader[PageKey, PageResult[Any]]]


def project_list(node: type[Node], pages: PagesOf, description: str) -> Any:
    """A field of ``Project``: a connection of ``node`` s, loaded by ``pages`` (e.g.
    ``lambda loaders: loaders.records.risks``), at most 100 a page."""

    async def resolve(root: Any, info: Info, first: First = None, after: After = None) -> Any:
        request = page_request(first, after)
        key = PageKey(project_id=root.project_uuid, request=request)
        items, next_cursor = await pages(info.context.loaders).load(key)
        return connection(items, next_cursor, request, node.from_dto)

    graphql_type = Connection[node] | None  # type: ignore[valid-type]
    return strawberry.field(resolver=resolve, graphql_type=graphql_type, description=description)
