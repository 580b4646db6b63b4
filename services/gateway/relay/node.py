"""The Relay ``Node`` interface: every object with an id implements it (see ids.py for the
id forms), so a client cache can normalise by ``id`` and refetch any object by ``node``."""

from __future__ import annotations

import uuid

import strawberry

from services.gateway.ids import decode, global_id


@strawberry.interface(
    description="An object with a global id: refetch it with node(id:) or nodes(ids:)."
)
class Node:
    id: strawberry.ID = strawberry.field(
        description="Opaque global id naming the type and the object (base64 of "
        '"Type:uuid"). Every ID argument accepts it, and databaseId as well.'
    )

    def __post_init__(self) -> None:
        # The types are built from the services' DTOs with their UUIDs: here each becomes a
        # global id naming the GraphQL type, once (a global id passed in stays as it is).
        parsed = decode(self.id)
        if parsed is not None and parsed[0] is None:
            self.id = global_id(self.node_type(), parsed[1])

    def node_type(self) -> str:
        """The type the global id names: this GraphQL type, unless a summary of another
        type shares that type's ids."""
        name: str = self.__strawberry_definition__.name  # type: ignore[attr-defined]
        return name

    @strawberry.field(description="The service's UUID: the id of the REST API.")
    def database_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.node_uuid()))

    def node_uuid(self) -> uuid.UUID:
        parsed = decode(self.id)
        assert parsed is not None, "a Node's id is a global id"
        return parsed[1]
