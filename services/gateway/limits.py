"""Query limits: depth and aliases as one validation rule (services/gateway/query_shape.py;
built once per schema, so the validation cache keys on the same rule class for every
request), each error with a code; and a cost budget, checked with the request's variables
and reported in every response's ``extensions.cost`` as ``{requested, limit}``.

The cost is the number of objects a query may fetch: every field with a selection is one
object per parent, a list field with ``first``/``last`` is that many per parent, so sizes
multiply down the depth (50 projects with 20 tasks each cost 50 + 50 x 20).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import DisableIntrospection, SchemaExtension

from services.gateway.connections import DEFAULT_FIRST
from services.gateway.query_shape import TOO_DEEP, TOO_MANY_ALIASES, shape_limits_rule

PAGE_ARGUMENTS = ("first", "last")
TOO_COMPLEX = "QUERY_TOO_COMPLEX"


def _page_size(field: GraphQLField, node: FieldNode, variables: Mapping[str, Any]) -> int:
    """How many objects a list field may return per parent: its Int ``first``/``last``
    (literal, variable, else the argument's default, else the gateway's default page)."""
    for name in PAGE_ARGUMENTS:
        argument = field.args.get(name)
        if argument is None or get_named_type(argument.type).name != "Int":
            continue
        for given in node.arguments or ():
            if given.name.value != name:
                continue
            if isinstance(given.value, IntValueNode):
                return int(given.value.value)
            if isinstance(given.value, VariableNode):
                value = variables.get(given.value.name.value)
                if isinstance(value, int):
                    return value
        default = argument.default_value
        return default if isinstance(default, int) else DEFAULT_FIRST
    return 1


class _CostCounter:
    """Counts an operation's cost. Cost is linear in the factor (the objects fetched per
    parent), so each fragment's cost is counted once, for a factor of 1, and multiplied
    where it is spread: a fragment spread twice at every level costs one walk per fragment,
    not two to the power of the levels."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments: Mapping[str, FragmentDefinitionNode] = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._fragment_costs: dict[str, int] = {}  # per fragment, for a factor of 1
        self._counting: set[str] = set()  # fragments being counted: a spread of one is a cycle

    def cost(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, factor: int
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent, factor)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, target, factor)
            elif isinstance(selection, FragmentSpreadNode):
                total += factor * self._fragment_cost(selection.name.value)
        return total

    def _fragment_cost(self, name: str) -> int:
        """A fragment's cost for a factor of 1 (its type condition, not the spread's parent,
        decides what it selects on). An unknown fragment or a cycle (validation errors, but
        the count must end without validation too) costs nothing."""
        known = self._fragment_costs.get(name)
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        if fragment is None or name in self._counting:
            return 0
        self._counting.add(name)
        try:
            target = self.schema.get_type(fragment.type_condition.name.value)
            counted = self.cost(fragment.selection_set, target, 1)
        finally:
            self._counting.discard(name)
        self._fragment_costs[name] = counted
        return counted

    def _field_cost(self, node: FieldNode, parent: GraphQLNamedType | None, factor: int) -> int:
        if node.selection_set is None or not isinstance(parent, GraphQLObjectType):
            return 0
        field = parent.fields.get(node.name.value)
        if field is None:
            return 0
        child_factor = factor * _page_size(field, node, self.variables)
        child_type = get_named_type(field.type)
        return child_factor + self.cost(node.selection_set, child_type, child_factor)


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
) -> int | None:
    """The cost of the operation to run; None when there is no such operation."""
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            operation_name is None
            or (definition.name is not None and definition.name.value == operation_name)
        ):
            root = schema.get_root_type(definition.operation)
            return _CostCounter(schema, document, variables).cost(definition.selection_set, root, 1)
    return None


class CostBudget:
    """Per schema: the limit and a cache of costs by query text, operation and the Int
    variables (the only ones a cost reads), so a repeated request skips the walk. The key
    is not the parsed document, whose hash walks the whole tree: ``parse`` (the document
    cache's, keyed by text) gives it back on a miss."""

    def __init__(
        self, limit: int, parse: Callable[[str], DocumentNode], cache_size: int = 512
    ) -> None:
        self.limit = limit
        self.parse = parse
        self.cost = lru_cache(maxsize=cache_size)(self._cost)

    def _cost(
        self,
        schema: GraphQLSchema,
        query: str,
        operation_name: str | None,
        int_variables: frozenset[tuple[str, int]],
    ) -> int | None:
        return query_cost(schema, self.parse(query), operation_name, dict(int_variables))

    def extension(self) -> QueryCost:
        return QueryCost(self)


def _int_variables(variables: Mapping[str, Any] | None) -> frozenset[tuple[str, int]]:
    return frozenset(
        (name, value)
        for name, value in (variables or {}).items()
        if isinstance(value, int) and not isinstance(value, bool)
    )


def _is_limit_error(error: GraphQLError) -> bool:
    return (error.extensions or {}).get("code") in (TOO_DEEP, TOO_MANY_ALIASES)


class QueryCost(SchemaExtension):
    """Refuses an operation over the budget before it runs (a request error, like any other
    validation error) and reports ``extensions.cost`` on every answer with a document."""

    def __init__(self, budget: CostBudget) -> None:
        super().__init__()
        self.budget = budget
        self.requested: int | None = None

    def on_validate(self) -> Iterator[None]:
        # Runs after the document cache has validated (its errors are already set): checked
        # here, before strawberry decides whether to execute. An invalid document (unknown
        # fields or fragments, cycles...) has no meaningful cost and is not counted; one
        # refused only by the depth or alias limit still reports its cost.
        context = self.execution_context
        errors = context.pre_execution_errors or []
        if (
            context.query
            and context.graphql_document is not None
            and all(_is_limit_error(error) for error in errors)
        ):
            self.requested = self.budget.cost(
                context.schema._schema,
                context.query,
                context.operation_name,
                _int_variables(context.variables),
            )
            if context.pre_execution_errors == [] and (self.requested or 0) > self.budget.limit:
                context.pre_execution_errors = [self._over_budget()]
        yield

    def _over_budget(self) -> GraphQLError:
        return GraphQLError(
            f"Query cost {self.requested} exceeds the budget of {self.budget.limit}; "
            "ask for smaller pages or fewer nested lists.",
            extensions={
                "code": TOO_COMPLEX,
                "cost": {"requested": self.requested, "limit": self.budget.limit},
            },
        )

    def get_results(self) -> dict[str, Any]:
        if self.requested is None:
            return {}
        return {"cost": {"requested": self.requested, "limit": self.budget.limit}}


def validation_rules(
    *, max_depth: int, max_aliases: int, introspection: bool
) -> list[type[ASTValidationRule]]:
    # Ours, not strawberry's QueryDepthLimiter/MaxAliasesLimiter: those walk a fragment at
    # every spread (exponential in nested spreads), ours once per fragment.
    rules = [shape_limits_rule(max_depth=max_depth, max_aliases=max_aliases)]
    if not introspection:
        rules.extend(DisableIntrospection().validation_rules)
    return rules
