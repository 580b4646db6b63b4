"""Every write of the services has a mutation, or a reason not to (``mutation_parity``)."""

from __future__ import annotations

from services.gateway.config import GatewaySettings
from services.gateway.schema import build_schema
from tests.architecture.client_operations import SERVICES, openapi
from tests.gateway.mutation_parity import EXCLUDED, MUTATIONS

WRITES = frozenset({"post", "put", "patch", "delete"})


def _write_operations() -> set[str]:
    return {
        operation["operationId"]
        for service in SERVICES
        for item in openapi(service)["paths"].values()
        for method, operation in item.items()
        if method in WRITES
    }


def _mutation_fields() -> set[str]:
    schema = build_schema(GatewaySettings())._schema
    assert schema.mutation_type is not None
    return set(schema.mutation_type.fields)


def test_every_write_operation_has_a_mutation_or_a_reason() -> None:
    missing = _write_operations() - MUTATIONS.keys() - EXCLUDED.keys()
    assert not missing, f"writes with no mutation and no reason: {sorted(missing)}"


def test_the_tables_name_only_what_exists() -> None:
    writes = _write_operations()
    assert not (MUTATIONS.keys() & EXCLUDED.keys())
    assert not (MUTATIONS.keys() | EXCLUDED.keys()) - writes, "no such write operation"
    assert not set(MUTATIONS.values()) - _mutation_fields(), "no such mutation"
    assert all(EXCLUDED.values()), "every exclusion says why"
