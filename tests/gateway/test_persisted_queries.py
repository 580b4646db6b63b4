"""Automatic persisted queries (hit, miss, registration, GET) and the allow-list mode."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from services.gateway.config import GatewaySettings
from services.gateway.over_http.persisted import LruDocuments, sha256
from tests.gateway.conftest import Gateway, GatewayFactory, Seed

QUERY = "query($id: ID!) { project(id: $id) { code } }"
GQL = "application/graphql-response+json"


def persisted(key: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": key}}


def auth(gateway: Gateway) -> dict[str, str]:
    return {"authorization": f"Bearer {gateway.token}"}


async def test_miss_then_register_then_hit(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1)
    query = QUERY + f" # {project.id}"  # a text no other test registered
    key, variables = sha256(query), {"id": str(project.id)}
    miss = await gateway.http.post(
        "/graphql",
        json={"variables": variables, "extensions": persisted(key)},
        headers=auth(gateway),
    )
    assert miss.status_code == 200
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert gateway.calls() == 0
    registered = await gateway.http.post(
        "/graphql",
        json={"query": query, "variables": variables, "extensions": persisted(key)},
        headers=auth(gateway),
    )
    assert registered.json()["data"] == {"project": {"code": project.code}}
    hit = await gateway.http.post(
        "/graphql",
        json={"variables": variables, "extensions": persisted(key)},
        headers=auth(gateway),
    )
    assert hit.json()["data"] == {"project": {"code": project.code}}
    by_get = await gateway.http.get(
        "/graphql",
        params={"variables": json.dumps(variables), "extensions": json.dumps(persisted(key))},
        headers=auth(gateway),
    )
    assert by_get.status_code == 200
    assert by_get.json()["data"] == {"project": {"code": project.code}}


async def test_miss_under_graphql_response_json_is_400(gateway: Gateway) -> None:
    response = await gateway.http.get(
        "/graphql",
        params={"extensions": json.dumps(persisted(sha256("{ unknown }")))},
        headers={"accept": GQL},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == GQL
    assert response.json()["errors"][0]["message"] == "PersistedQueryNotFound"


async def test_a_hash_that_does_not_match_is_refused(gateway: Gateway) -> None:
    body = {"query": "{ __typename }", "extensions": persisted(sha256("{ other }"))}
    response = await gateway.http.post("/graphql", json=body)
    assert response.status_code == 400
    assert "does not match" in response.json()["errors"][0]["message"]
    bad = {"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 2}}}
    assert (await gateway.http.post("/graphql", json=bad)).status_code == 400


async def test_an_invalid_document_is_not_registered(gateway: Gateway) -> None:
    query = "{ noSuchField }"
    body = {"query": query, "extensions": persisted(sha256(query))}
    first = await gateway.http.post("/graphql", json=body)
    assert first.json()["errors"][0]["message"].startswith("Cannot query field")
    again = await gateway.http.post("/graphql", json={"extensions": persisted(sha256(query))})
    assert again.json()["errors"][0]["message"] == "PersistedQueryNotFound"


async def test_a_persisted_mutation_over_get_is_405(gateway: Gateway) -> None:
    mutation = 'mutation { createPortfolio(input: {name: "apq"}) { userErrors { field } } }'
    key = sha256(mutation)
    gateway.app.graphql_endpoint.persisted.register(key, mutation)
    response = await gateway.http.get(
        "/graphql", params={"extensions": json.dumps(persisted(key))}, headers=auth(gateway)
    )
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert gateway.calls() == 0


def test_the_store_is_bounded() -> None:
    store = LruDocuments(max_entries=2, max_chars=10)
    store.put("a", "aaaa")
    store.put("b", "bbbb")
    assert store.get("a") == "aaaa"  # a is now the most recent
    store.put("c", "cccc")
    assert store.get("b") is None and len(store) == 2
    store.put("d", "d" * 9)  # over the character budget: evicts the oldest ones
    assert store.chars <= 10 and store.get("d") == "d" * 9
    store.put("e", "e" * 11)  # larger than the whole budget: not kept
    assert store.get("e") is None


async def test_allow_list_mode_runs_only_registered_documents(
    gateway_factory: GatewayFactory, seed_portfolio: Seed, tmp_path: Path
) -> None:
    _, [project] = await seed_portfolio(projects=1)
    allowed = tmp_path / "persisted-queries.json"
    allowed.write_bytes(orjson.dumps({sha256(QUERY): QUERY}))
    settings = GatewaySettings(
        projects_url="http://projects",
        governance_url="http://governance",
        reporting_url="http://reporting",
        upstream_retries=0,
        persisted_queries_only=True,
        persisted_queries_file=allowed,
    )
    variables = {"id": str(project.id)}
    async with gateway_factory(settings=settings) as gw:
        headers = auth(gw)
        ran = await gw.http.get(
            "/graphql",
            params={
                "variables": json.dumps(variables),
                "extensions": json.dumps(persisted(sha256(QUERY))),
            },
            headers=headers,
        )
        assert ran.json()["data"] == {"project": {"code": project.code}}
        text = await gw.http.post(
            "/graphql", json={"query": QUERY, "variables": variables}, headers=headers
        )
        other = "{ __typename }"
        registering = await gw.http.post(
            "/graphql",
            json={"query": other, "extensions": persisted(sha256(other))},
            headers={**headers, "accept": GQL},
        )
        assert gw.calls() == 1  # only the allowed document read anything
    assert text.status_code == 200
    [refusal] = text.json()["errors"]
    assert refusal["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
    assert "only registered documents" in refusal["message"]
    assert registering.status_code == 400
    assert registering.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


def test_allow_list_entries_must_hash_to_their_key(tmp_path: Path) -> None:
    from services.gateway.over_http.persisted import load_allow_list

    wrong = tmp_path / "wrong.json"
    wrong.write_bytes(orjson.dumps({sha256("{ a }"): "{ b }"}))
    try:
        load_allow_list(wrong)
    except ValueError as error:
        assert "does not hash" in str(error)
    else:
        raise AssertionError("a wrong hash was accepted")
    manifest = tmp_path / "manifest.json"
    body = "{ __typename }"
    manifest.write_bytes(orjson.dumps({"operations": [{"id": sha256(body), "body": body}]}))
    assert load_allow_list(manifest) == {sha256(body): body}
