"""The depth and alias limits as one validation rule that measures each fragment once.

strawberry's QueryDepthLimiter and MaxAliasesLimiter walk a fragment again at every spread:
a fragment spreading the next one twice, 40 levels down, is 2**40 walks before any error
(a few hundred bytes of query text that keep a worker busy for hours). Here a fragment's
depth and alias count are measured once and reused wherever it is spread, so the walk is
linear in the document. Limits, messages and the rules they apply are strawberry's:

- depth: a field with a selection is one level below its parent, a leaf none; fields whose
  name starts with ``__`` (introspection) count no level and are not looked into; an
  operation deeper than the limit is refused, named ``'anonymous'`` when it has no name;
- aliases: every aliased field of every operation in the document, fragments expanded
  wherever they are spread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
)
from graphql.language.visitor import SKIP

TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"


@dataclass(frozen=True)
class Shape:
    depth: int
    aliases: int

    def merge(self, other: Shape) -> Shape:
        return Shape(max(self.depth, other.depth), self.aliases + other.aliases)


EMPTY = Shape(0, 0)


class ShapeMeasure:
    """Measures selection sets of one document; each fragment is measured once (its shape
    does not depend on where it is spread). An unknown fragment or a cycle (errors of
    their own rules) measures empty: the walk must end on invalid documents too."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments: Mapping[str, FragmentDefinitionNode] = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._measured: dict[str, Shape] = {}
        self._measuring: set[str] = set()

    def measure(self, selection_set: SelectionSetNode) -> Shape:
        shape = EMPTY
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                shape = shape.merge(self._field(selection))
            elif isinstance(selection, InlineFragmentNode):
                shape = shape.merge(self.measure(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                shape = shape.merge(self._fragment(selection.name.value))
        return shape

    def _field(self, node: FieldNode) -> Shape:
        alias = 1 if node.alias else 0
        if node.selection_set is None:
            return Shape(0, alias)
        below = self.measure(node.selection_set)
        # Introspection fields add no depth, but aliases below them still count.
        depth = 0 if node.name.value.startswith("__") else 1 + below.depth
        return Shape(depth, alias + below.aliases)

    def _fragment(self, name: str) -> Shape:
        known = self._measured.get(name)
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        if fragment is None or name in self._measuring:
            return EMPTY
        self._measuring.add(name)
        try:
            shape = self.measure(fragment.selection_set)
        finally:
            self._measuring.discard(name)
        self._measured[name] = shape
        return shape


def shape_limits_rule(*, max_depth: int, max_aliases: int) -> type[ASTValidationRule]:
    """A validation rule refusing operations deeper than ``max_depth`` (one error per such
    operation, code QUERY_TOO_DEEP) and documents with more than ``max_aliases`` aliases
    (code TOO_MANY_ALIASES)."""

    class ShapeLimits(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.max_depth = max_depth
            self.max_aliases = max_aliases

        def enter_document(self, node: DocumentNode, *_args: Any) -> object:
            measure = ShapeMeasure(node)
            aliases = 0
            for definition in node.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    shape = measure.measure(definition.selection_set)
                    aliases += shape.aliases
                    if shape.depth > self.max_depth:
                        self._too_deep(definition)
            if aliases > self.max_aliases:
                self.report_error(
                    GraphQLError(
                        f"{aliases} aliases found. Allowed: {self.max_aliases}",
                        extensions={"code": TOO_MANY_ALIASES},
                    )
                )
            return SKIP  # everything this rule needs was read above

        def _too_deep(self, operation: OperationDefinitionNode) -> None:
            name = operation.name.value if operation.name else "anonymous"
            self.report_error(
                GraphQLError(
                    f"'{name}' exceeds maximum operation depth of {self.max_depth}",
                    operation,
                    extensions={"code": TOO_DEEP},
                )
            )

    return ShapeLimits
