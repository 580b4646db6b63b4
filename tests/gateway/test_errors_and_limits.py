"""Auth, limits and upstream failures: partial data with a coded error on the failed field."""

from __future__ import annotations

import httpx

from services.gateway.config import GatewaySettings
from tests.gateway.conftest import Gateway, GatewayFactory, Seed, global_id

PROJECT_AND_STANDARDS = """
query($id: ID!) {
  project(id: $id) { id code }
  standards(first: 5) { edges { node { id key } } }
}
"""


def _settings(**changes: object) -> GatewaySettings:
    base = {
        "projects_url": "http://projects",
        "governance_url": "http://governance",
        "reporting_url": "http://reporting",
        "upstream_retries": 0,
    }
    return GatewaySettings(**{**base, **changes})  # type: ignore[arg-type]


def _down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def _slow(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


async def test_missing_token_is_unauthenticated_without_upstream_calls(gateway: Gateway) -> None:
    answer = await gateway.query("{ projects { edges { node { id } } } }", anonymous=True)
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED", "status": 401}
    assert gateway.calls() == 0


async def test_introspection_needs_no_token(gateway: Gateway) -> None:
    answer = await gateway.query("{ __schema { queryType { name } } }", anonymous=True)
    assert answer["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_invalid_token_is_unauthenticated_from_upstream(gateway: Gateway) -> None:
    answer = await gateway.query("{ projects { edges { node { id } } } }", token="not-a-jwt")
    assert answer["data"] == {"projects": None}
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_token_is_forwarded_so_services_authorize(
    gateway: Gateway, seed_portfolio: Seed, make_token
) -> None:
    _, [project] = await seed_portfolio(projects=1)
    outsider = make_token("member")
    answer = await gateway.query(
        "query($id: ID!){ project(id: $id) { id } }", {"id": str(project.id)}, token=outsider
    )
    assert answer["data"] == {"project": None}
    assert answer["errors"][0]["extensions"] == {"code": "NOT_FOUND", "status": 404}
    forwarded = gateway.transports["projects"].requests[-1].headers["authorization"]
    assert forwarded == f"Bearer {outsider}"


async def test_first_over_100_is_rejected(gateway: Gateway) -> None:
    answer = await gateway.query("{ projects(first: 101) { edges { node { id } } } }")
    assert answer["data"] == {"projects": None}
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert gateway.calls() == 0


async def test_query_depth_is_limited(gateway_factory: GatewayFactory) -> None:
    deep = '{ project(id: "x") { portfolio { projects { edges { node { portfolio { id } } } } } } }'
    async with gateway_factory(settings=_settings(max_depth=5)) as gateway:
        answer = await gateway.query(deep)
    assert answer["data"] is None
    assert "exceeds maximum operation depth" in answer["errors"][0]["message"]
    assert gateway.calls() == 0


async def test_query_cost_is_limited(gateway: Gateway) -> None:
    wide = """{ projects(first: 100) { edges { node {
      tasks(first: 100) { edges { node {
        project { tasks(first: 100) { edges { node { id } } } }
      } } }
    } } } }"""
    answer = await gateway.query(wide)
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_aliases_are_limited(gateway: Gateway) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(31))
    answer = await gateway.query(f"{{ {aliases} }}")
    assert "aliases" in answer["errors"][0]["message"]


async def test_introspection_can_be_disabled(gateway_factory: GatewayFactory) -> None:
    async with gateway_factory(settings=_settings(introspection=False)) as gateway:
        answer = await gateway.query("{ __schema { queryType { name } } }")
    assert "introspection" in answer["errors"][0]["message"].lower()


async def test_upstream_down_gives_partial_data(
    gateway_factory: GatewayFactory, seed_portfolio: Seed
) -> None:
    _, [project] = await seed_portfolio(projects=1)
    async with gateway_factory(governance=httpx.MockTransport(_down)) as gateway:
        answer = await gateway.query(PROJECT_AND_STANDARDS, {"id": str(project.id)})
    assert answer["data"]["project"] == {
        "id": global_id("Project", project.id),
        "code": project.code,
    }
    assert answer["data"]["standards"] is None
    [error] = answer["errors"]
    assert error["path"] == ["standards"]
    assert error["extensions"] == {
        "code": "UPSTREAM_UNAVAILABLE",
        "status": 502,
        "service": "governance",
    }


async def test_slow_upstream_is_a_timeout_on_its_field(
    gateway_factory: GatewayFactory, seed_portfolio: Seed
) -> None:
    portfolio, _ = await seed_portfolio(projects=1)
    query = """query($id: ID!) {
      portfolio(id: $id) { name }
      portfolioSummary(portfolioId: $id) { projectCount }
    }"""
    async with gateway_factory(reporting=httpx.MockTransport(_slow)) as gateway:
        answer = await gateway.query(query, {"id": str(portfolio.id)})
    assert answer["data"]["portfolio"] == {"name": portfolio.name}
    assert answer["data"]["portfolioSummary"] is None
    assert answer["errors"][0]["extensions"] == {
        "code": "UPSTREAM_TIMEOUT",
        "status": 504,
        "service": "reporting",
    }


async def test_unexpected_errors_are_masked_in_production(gateway_factory: GatewayFactory) -> None:
    def garbage(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"unexpected": "shape"})

    settings = _settings(mask_errors=True)
    async with gateway_factory(settings=settings, governance=httpx.MockTransport(garbage)) as gw:
        masked = await gw.query("{ standards { edges { node { id } } } }")
        ours = await gw.query('{ project(id: "00000000-0000-4000-8000-000000000000") { id } }')
    assert masked["errors"][0]["message"] == "Unexpected error."
    assert "extensions" not in masked["errors"][0]
    assert ours["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_malformed_json_body_is_a_400(gateway) -> None:
    response = await gateway.http.post(
        "/graphql", content=b'{"query": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert gateway.calls() == 0


async def test_oversized_body_is_a_413_problem(gateway) -> None:
    query = "{ projects(first: 1) { edges { node { id } } } }" + " " * 300_000
    response = await gateway.http.post("/graphql", json={"query": query})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert gateway.calls() == 0
