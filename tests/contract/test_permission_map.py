"""Every operation says who may call it: each REST operation of the three services has a rule
in ``services/<svc>/permissions.py`` and each GraphQL root field (Query, Mutation,
Subscription) one in ``services/gateway/permissions.py``; a name there that no longer exists
fails too. The OpenAPI documents publish each rule as ``x-permission``. What the rules mean
is checked against the services' answers in tests/gateway/test_access_matrix.py.

Extending: a new operation gets a line in its service's map (the failure says which line,
with ``Rule.<rule>`` to choose from :class:`shared.permissions.Rule`)."""

from __future__ import annotations

from typing import Any

import pytest

from services.gateway.config import GatewaySettings
from services.gateway.permissions import PERMISSIONS as GATEWAY
from services.gateway.schema import build_schema
from services.governance.permissions import PERMISSIONS as GOVERNANCE
from services.projects.permissions import PERMISSIONS as PROJECTS
from services.reporting.permissions import PERMISSIONS as REPORTING
from shared.permissions import DESCRIPTIONS, Rule, permission_sentence
from tests.gateway.mutation_parity import MUTATIONS
from tests.shared.openapi_documents import operations, service_apps

MAPS = {"projects": PROJECTS, "governance": GOVERNANCE, "reporting": REPORTING}
RULES = " | ".join(rule.value for rule in Rule)


def _documents() -> dict[str, dict[str, Any]]:
    return {name: app.openapi() for name, app in service_apps().items()}


def _root_fields() -> set[str]:
    schema = build_schema(GatewaySettings())._schema
    roots = (schema.query_type, schema.mutation_type, schema.subscription_type)
    return {f"{root.name}.{name}" for root in roots if root is not None for name in root.fields}


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, Any]]:
    return _documents()


@pytest.mark.parametrize("service", sorted(MAPS))
def test_every_operation_has_a_rule(service: str, documents: dict[str, Any]) -> None:
    found = {
        op["operationId"]: (method, path) for path, method, op in operations(documents[service])
    }
    missing = [
        f'    "{op_id}": Rule.<{RULES}>,  # {method} {path}'
        for op_id, (method, path) in sorted(found.items())
        if op_id not in MAPS[service]
    ]
    assert not missing, (
        f"operations with no permission rule: add to PERMISSIONS in "
        f"services/{service}/permissions.py:\n" + "\n".join(missing)
    )
    gone = sorted(set(MAPS[service]) - set(found))
    assert not gone, (
        f"remove from PERMISSIONS in services/{service}/permissions.py (no such operation): {gone}"
    )


def test_every_graphql_root_field_has_a_rule() -> None:
    fields = _root_fields()
    missing = [f'    "{name}": Rule.<{RULES}>,' for name in sorted(fields - GATEWAY.keys())]
    assert not missing, (
        "GraphQL root fields with no permission rule: add to PERMISSIONS in "
        "services/gateway/permissions.py:\n" + "\n".join(missing)
    )
    gone = sorted(GATEWAY.keys() - fields)
    assert not gone, (
        f"remove from PERMISSIONS in services/gateway/permissions.py (no such field): {gone}"
    )


def test_a_mutation_has_the_rule_of_the_write_it_makes() -> None:
    rest = {op_id: rule for rules in MAPS.values() for op_id, rule in rules.items()}
    wrong = {
        f"Mutation.{field}": (GATEWAY.get(f"Mutation.{field}"), op_id, rest.get(op_id))
        for op_id, field in MUTATIONS.items()
        if GATEWAY.get(f"Mutation.{field}") != rest.get(op_id)
        and not _several_writes(field, GATEWAY.get(f"Mutation.{field}"), rest)
    }
    assert not wrong, f"mutation rule != the rule of its REST write: {wrong}"


def _several_writes(field: str, rule: Rule | None, rest: dict[str, Rule]) -> bool:
    """A mutation making one of several writes (a project's or a portfolio's what-if) has
    the rule of one of them."""
    ops = [op_id for op_id, name in MUTATIONS.items() if name == field]
    return len(ops) > 1 and rule in {rest.get(op_id) for op_id in ops}


@pytest.mark.parametrize("service", sorted(MAPS))
def test_the_documents_publish_each_rule(service: str, documents: dict[str, Any]) -> None:
    for path, method, op in operations(documents[service]):
        rule = MAPS[service][op["operationId"]]
        assert op.get("x-permission") == rule.value, (method, path)
        assert op["description"].endswith(permission_sentence(rule)), (method, path)
        # Only public operations and signed webhooks take no bearer token.
        assert (rule in (Rule.public, Rule.signed)) == (not op["security"]), (method, path)


def test_every_rule_is_described() -> None:
    assert set(DESCRIPTIONS) == set(Rule)
