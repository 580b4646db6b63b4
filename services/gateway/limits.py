"""Query limits: depth, aliases and a cost budget as validation rules, built once per schema
so the validation cache keys on the same rule classes for every request."""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    QueryDepthLimiter,
)

from services.gateway.connections import DEFAULT_FIRST, MAX_FIRST


def _page_factor(node: FieldNode, has_first: bool) -> int:
    """How many nodes a connection field may return: its literal ``first``, or the worst
    case when it comes from a variable (validation does not see variables)."""
    if not has_first:
        return 1
    for argument in node.arguments or ():
        if argument.name.value == "first":
            value = argument.value
            return int(value.value) if isinstance(value, IntValueNode) else MAX_FIRST
    return DEFAULT_FIRST


class _CostCounter:
    def __init__(self, context: ValidationContext) -> None:
        self.schema = context.schema
        self.fragments: Mapping[str, FragmentDefinitionNode] = {
            d.name.value: d
            for d in context.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }

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
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    target = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(fragment.selection_set, target, factor)
        return total

    def _field_cost(self, node: FieldNode, parent: GraphQLNamedType | None, factor: int) -> int:
        if node.selection_set is None or not isinstance(parent, GraphQLObjectType):
            return 0
        field = parent.fields.get(node.name.value)
        if field is None:
            return 0
        child_factor = factor * _page_factor(node, "first" in field.args)
        child_type = get_named_type(field.type)
        # Every object fetched is one unit: a connection of 50 nodes with a nested connection
        # of 20 costs 50 + 50 x 20.
        return child_factor + self.cost(node.selection_set, child_type, child_factor)


def cost_rule(max_cost: int) -> type[ValidationRule]:
    class QueryCostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
            root = self.context.schema.get_root_type(node.operation)
            cost = _CostCounter(self.context).cost(node.selection_set, root, 1)
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"Query cost {cost} exceeds the budget of {max_cost}; "
                        "ask for smaller pages or fewer nested lists.",
                        node,
                        extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost},
                    )
                )

    return QueryCostRule


def validation_rules(
    *, max_depth: int, max_aliases: int, max_cost: int, introspection: bool
) -> list[type[ASTValidationRule]]:
    rules: list[type[ASTValidationRule]] = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
        cost_rule(max_cost),
    ]
    if not introspection:
        rules.extend(DisableIntrospection().validation_rules)
    return rules
