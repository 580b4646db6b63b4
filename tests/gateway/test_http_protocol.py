"""GraphQL over HTTP through the gateway's endpoint: operation names, GET for queries only,
malformed requests, request errors, media types (the spec's own audits and the Accept
negotiation: test_graphql_over_http.py)."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import Gateway, Seed


def auth(gateway: Gateway) -> dict[str, str]:
    return {"authorization": f"Bearer {gateway.token}"}


TWO_OPERATIONS = """
query ByCode($id: ID!) { project(id: $id) { code } }
query ByName($id: ID!) { project(id: $id) { name } }
"""


async def test_operation_name_picks_one_of_several(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1)
    variables = {"id": str(project.id)}
    for name, field in (("ByCode", "code"), ("ByName", "name")):
        response = await gateway.http.post(
            "/graphql",
            json={"query": TWO_OPERATIONS, "variables": variables, "operationName": name},
            headers=auth(gateway),
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.json()["data"] == {"project": {field: getattr(project, field)}}


async def test_get_runs_queries_but_not_mutations(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1)
    query = f'{{ project(id: "{project.id}") {{ code }} }}'
    got = await gateway.http.get("/graphql", params={"query": query}, headers=auth(gateway))
    assert got.status_code == 200
    assert got.json()["data"] == {"project": {"code": project.code}}
    mutation = 'mutation { createPortfolio(input: {name: "x"}) { userErrors { field } } }'
    refused = await gateway.http.get("/graphql", params={"query": mutation}, headers=auth(gateway))
    assert refused.status_code == 405 and refused.headers["allow"] == "POST"
    assert gateway.calls() == 1  # the query's one read; the refused mutation made none


@pytest.mark.parametrize(
    "body",
    [
        b"[]",  # a batch: not enabled
        b'{"variables": {}}',  # no query
        b'{"query": 42}',
        b'{"query": "{ __typename }", "variables": [1]}',
        b'{"query": "{ __typename }", "operationName": 7}',
        b'"just a string"',  # strawberry's view alone would answer 500
        b"12",
    ],
)
async def test_malformed_requests_are_400(gateway: Gateway, body: bytes) -> None:
    response = await gateway.http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert gateway.calls() == 0


async def test_syntax_and_validation_errors_are_graphql_errors(gateway: Gateway) -> None:
    for query in ("{ project(id: ", "{ noSuchField }"):
        response = await gateway.http.post("/graphql", json={"query": query})
        assert response.status_code == 200
        body = response.json()
        assert body["data"] is None and body["errors"][0]["message"]
    assert gateway.calls() == 0


async def test_subscription_is_refused(gateway: Gateway) -> None:
    response = await gateway.http.post("/graphql", json={"query": "subscription { x }"})
    assert response.status_code in (200, 400)
    assert "data" not in response.json() or response.json()["data"] is None


async def test_other_json_media_types_are_unsupported(gateway: Gateway) -> None:
    """The guard lets JSON-family types through; only application/json is a GraphQL
    request (415 otherwise, as GraphQL over HTTP asks)."""
    response = await gateway.http.post(
        "/graphql",
        content=b'{"query": "{ __typename }"}',
        headers={"content-type": "application/merge-patch+json", **auth(gateway)},
    )
    assert response.status_code == 415, response.text
    ok = await gateway.http.post(
        "/graphql",
        content=b'{"query": "{ __typename }"}',
        headers={"content-type": "application/json; charset=utf-8", **auth(gateway)},
    )
    assert ok.status_code == 200 and ok.json()["data"] == {"__typename": "Query"}
