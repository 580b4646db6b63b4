"""The gateway's query limits through HTTP: the cost budget (first/last multiplied down the
depth, with the request's variables) reported in every answer's ``extensions.cost``, and
coded errors for a query over the budget, the depth or the alias limit.

Cost rule (services/gateway/limits.py): each field with a selection is one object per
parent; a field with ``first``/``last`` is that many per parent. So
``projects(first: a) { edges { node { tasks(first: b) { edges { node { id } } } } } }``
costs a (projects) + a (edges) + a (nodes) + a*b (tasks) + a*b (edges) + a*b (nodes).
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse

from services.gateway.config import GatewaySettings
from services.gateway.connections import DEFAULT_FIRST
from services.gateway.limits import query_cost
from services.gateway.schema import build_schema
from tests.gateway.conftest import Gateway, GatewayFactory

NESTED = """query($a: Int, $b: Int) {
  projects(first: $a) { edges { node { tasks(first: $b) { edges { node { id } } } } } }
}"""
STRICT = "application/graphql-response+json"


def nested_cost(a: int, b: int) -> int:
    return 3 * a + 3 * a * b


def _settings(**changes: object) -> GatewaySettings:
    base: dict[str, Any] = {
        "projects_url": "http://projects",
        "governance_url": "http://governance",
        "reporting_url": "http://reporting",
        "upstream_retries": 0,
    }
    return GatewaySettings(**{**base, **changes})


async def _post(gateway: Gateway, query: str, accept: str | None = None, **variables: object):
    headers = {"authorization": f"Bearer {gateway.token}"}
    if accept:
        headers["accept"] = accept
    body = {"query": query, "variables": variables}
    return await gateway.http.post("/graphql", json=body, headers=headers)


async def test_every_answer_reports_its_cost_and_the_budget(gateway: Gateway) -> None:
    answer = await gateway.query("{ projects(first: 5) { edges { node { id } } } }")
    assert "errors" not in answer
    assert answer["extensions"]["cost"] == {"requested": 3 * 5, "limit": 50_000}

    scalar_only = await gateway.query("{ __typename }")
    assert scalar_only["extensions"]["cost"] == {"requested": 0, "limit": 50_000}


async def test_page_sizes_multiply_down_the_depth_with_the_requests_variables(
    gateway: Gateway,
) -> None:
    for a, b in ((2, 3), (4, 10)):
        answer = await gateway.query(NESTED, {"a": a, "b": b})
        assert answer["extensions"]["cost"]["requested"] == nested_cost(a, b)
    defaults = await gateway.query(NESTED)  # no first: the default page
    assert defaults["extensions"]["cost"]["requested"] == nested_cost(DEFAULT_FIRST, DEFAULT_FIRST)


async def test_a_schema_default_first_is_used_when_not_given(gateway: Gateway) -> None:
    # Project.riskAnalyses(first: Int! = 10): a list, 10 per project by default.
    query = '{ project(id: "00000000-0000-4000-8000-000000000000") { riskAnalyses { id } } }'
    answer = await gateway.query(query)
    assert answer["extensions"]["cost"]["requested"] == 1 + 10


async def test_over_budget_is_refused_before_any_upstream_call(
    gateway_factory: GatewayFactory,
) -> None:
    async with gateway_factory(settings=_settings(max_cost=100)) as gateway:
        within = await gateway.query(NESTED, {"a": 3, "b": 5})  # 9 + 45 = 54
        gateway.reset_calls()
        over = await gateway.query(NESTED, {"a": 5, "b": 10})  # 15 + 150 = 165, same text
        calls = gateway.calls()
    assert "errors" not in within
    assert within["extensions"]["cost"] == {"requested": 54, "limit": 100}
    assert over["data"] is None
    [error] = over["errors"]
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "cost": {"requested": 165, "limit": 100},
    }
    assert "exceeds the budget of 100" in error["message"]
    assert over["extensions"]["cost"] == {"requested": 165, "limit": 100}
    assert calls == 0


@pytest.mark.parametrize(("accept", "status"), [(None, 200), (STRICT, 400)])
async def test_over_budget_status_follows_graphql_over_http(
    gateway_factory: GatewayFactory, accept: str | None, status: int
) -> None:
    """A request error: 400 without ``data`` for application/graphql-response+json, 200
    with ``data: null`` for application/json clients (the GraphQL-over-HTTP rules)."""
    async with gateway_factory(settings=_settings(max_cost=100)) as gateway:
        response = await _post(gateway, NESTED, accept, a=5, b=10)
    assert response.status_code == status
    body = response.json()
    assert ("data" in body) is (accept is None)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


@pytest.mark.parametrize("accept", [None, STRICT])
async def test_over_the_depth_limit_is_a_coded_error(
    gateway_factory: GatewayFactory, accept: str | None
) -> None:
    deep = '{ project(id: "x") { portfolio { projects { edges { node { portfolio { id } } } } } } }'
    async with gateway_factory(settings=_settings(max_depth=5)) as gateway:
        response = await _post(gateway, deep, accept)
        calls = gateway.calls()
    assert response.status_code == (400 if accept else 200)
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP"}
    assert "exceeds maximum operation depth of 5" in error["message"]
    assert calls == 0


@pytest.mark.parametrize("accept", [None, STRICT])
async def test_over_the_alias_limit_is_a_coded_error(
    gateway_factory: GatewayFactory, accept: str | None
) -> None:
    aliases = " ".join(
        f"p{i}: projects(first: 1) {{ edges {{ node {{ id }} }} }}" for i in range(4)
    )
    async with gateway_factory(settings=_settings(max_aliases=3)) as gateway:
        response = await _post(gateway, f"{{ {aliases} }}", accept)
        calls = gateway.calls()
    assert response.status_code == (400 if accept else 200)
    body = response.json()
    [error] = body["errors"]
    assert error["extensions"] == {"code": "TOO_MANY_ALIASES"}
    assert "aliases" in error["message"]
    assert body["extensions"]["cost"]["requested"] == 4 * 3
    assert calls == 0


async def test_a_parse_error_has_no_cost(gateway: Gateway) -> None:
    response = await gateway.http.post(
        "/graphql",
        json={"query": "{ projects( }"},
        headers={"authorization": f"Bearer {gateway.token}"},
    )
    assert response.status_code == 200
    assert "extensions" not in response.json()


async def test_the_budget_applies_to_mutations_too(gateway_factory: GatewayFactory) -> None:
    mutation = 'mutation { createPortfolio(input: {name: "x"}) { portfolio { id } } }'
    async with gateway_factory(settings=_settings(max_cost=1)) as gateway:
        response = await _post(gateway, mutation)
        calls = gateway.calls()
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert body["extensions"]["cost"] == {"requested": 2, "limit": 1}  # payload + portfolio
    assert calls == 0


LEAF = "projects(first: 5) { edges { node { id } } }"  # 3 x 5
LEAF_COST = 15


def doubling_fragments(depth: int) -> str:
    """F0 spreads F1 twice, F1 spreads F2 twice, ... F<depth> selects LEAF: the leaf is
    counted 2**depth times, in a document that grows linearly with the depth."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(depth)]
    fragments.append(f"fragment F{depth} on Query {{ {LEAF} }}")
    return "query { ...F0 }\n" + "\n".join(fragments)


def test_doubling_fragments_are_costed_once_each_and_exactly() -> None:
    # 2**40 walks without memoising each fragment's cost: this would never return.
    schema = build_schema(_settings())._schema
    depth = 40
    cost = query_cost(schema, parse(doubling_fragments(depth)), None, {})
    assert cost == 2**depth * LEAF_COST


def test_page_factors_multiply_into_a_spread_fragments_cost() -> None:
    schema = build_schema(_settings())._schema
    query = """query { projects(first: 4) { edges { node { ...T ...T } } } }
    fragment T on Project { tasks(first: 3) { edges { node { id ...U } } } }
    fragment U on Task { __typename }"""
    # projects, edges, nodes: 3 x 4; each T per project: 3 x (4 x 3), spread twice.
    assert query_cost(schema, parse(query), None, {}) == 3 * 4 + 2 * 3 * 4 * 3


def test_a_fragment_cycle_is_costed_without_recursing_forever() -> None:
    schema = build_schema(_settings())._schema
    query = f"""query {{ ...A }}
    fragment A on Query {{ {LEAF} ...B }}
    fragment B on Query {{ ...A ...A }}"""
    assert query_cost(schema, parse(query), None, {}) == LEAF_COST  # the cycle counts 0


async def test_doubling_fragments_over_the_budget_are_refused_with_their_exact_cost(
    gateway_factory: GatewayFactory,
) -> None:
    # Through HTTP, in this process: 12 levels, which even a validation walking every
    # spread would finish (40 levels run in a process of their own: test_query_shape_limits).
    depth = 12
    async with gateway_factory(settings=_settings(max_cost=1_000)) as gateway:
        response = await _post(gateway, doubling_fragments(depth))
        calls = gateway.calls()
    body = response.json()
    [error] = body["errors"]
    requested = 2**depth * LEAF_COST
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "cost": {"requested": requested, "limit": 1_000},
    }
    assert calls == 0


async def test_an_invalid_document_is_not_costed(gateway: Gateway) -> None:
    response = await _post(gateway, "{ projects(first: 5) { edges { node { nope } } } }")
    body = response.json()
    assert "Cannot query field 'nope'" in body["errors"][0]["message"]
    assert "cost" not in body.get("extensions", {})
