from __future__ import annotations

import httpx

from tests.gateway.conftest import Gateway, GatewayFactory


async def test_healthz_and_metrics(gateway: Gateway) -> None:
    assert (await gateway.http.get("/healthz")).json() == {"status": "ok"}
    await gateway.query("{ __typename }")
    metrics = (await gateway.http.get("/metrics")).text
    assert 'pmo_http_requests_total{method="POST",route="/graphql",service="gateway"' in metrics


async def test_ready_when_every_upstream_answers(gateway: Gateway) -> None:
    response = await gateway.http.get("/readyz")
    assert response.status_code == 200
    assert sorted(gateway.transports["projects"].paths()) == ["/healthz"]


async def test_not_ready_when_an_upstream_is_down(gateway_factory: GatewayFactory) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async with gateway_factory(reporting=httpx.MockTransport(down)) as gateway:
        response = await gateway.http.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "reporting" in response.json()["detail"]


async def test_request_id_is_returned_and_forwarded(gateway: Gateway, seed_portfolio) -> None:
    _, [project] = await seed_portfolio(projects=1)
    response = await gateway.http.post(
        "/graphql",
        json={
            "query": "query($id: ID!){ project(id: $id) { id } }",
            "variables": {"id": str(project.id)},
        },
        headers={"authorization": f"Bearer {gateway.token}", "x-request-id": "trace-me-123"},
    )
    assert response.headers["x-request-id"] == "trace-me-123"
    upstream = gateway.transports["projects"].requests[-1]
    assert upstream.headers["x-request-id"] == "trace-me-123"
