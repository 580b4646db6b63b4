"""What a query selects below a connection field, read from ``info.selected_fields``
(strawberry resolves fragment spreads there; aliases do not change a field's name)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strawberry.types.nodes import SelectedField, Selection


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, with fragments (spread or inline) flattened."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)


def _children(fields: Iterable[SelectedField], name: str) -> list[SelectedField]:
    return [child for field in fields for child in _fields(field.selections) if child.name == name]


def node_field_names(connection: Iterable[Selection]) -> set[str]:
    """The GraphQL names of the fields selected on ``edges { node { ... } }`` of a
    connection (``connection``: the resolver's ``info.selected_fields``)."""
    nodes = _children(_children(_fields(connection), "edges"), "node")
    return {field.name for node in nodes for field in _fields(node.selections)}
