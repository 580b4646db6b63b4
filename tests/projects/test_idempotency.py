"""POST with Idempotency-Key: replay, reuse with another body, and a concurrent duplicate."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests.projects.factories import create_portfolio


async def test_same_key_and_body_replays(client: httpx.AsyncClient) -> None:
    key = str(uuid.uuid4())
    body = {"name": "Idempotent portfolio"}
    first = await client.post("/v1/portfolios", json=body, headers={"idempotency-key": key})
    second = await client.post("/v1/portfolios", json=body, headers={"idempotency-key": key})
    assert first.status_code == second.status_code == 201
    assert second.headers["idempotency-replayed"] == "true"
    assert "idempotency-replayed" not in first.headers
    assert second.json() == first.json()
    assert second.headers["etag"] == first.headers["etag"]
    listed = await client.get("/v1/portfolios", params={"ids": first.json()["id"]})
    assert len(listed.json()["items"]) == 1


async def test_same_key_other_body_is_422(client: httpx.AsyncClient) -> None:
    key = str(uuid.uuid4())
    await client.post("/v1/portfolios", json={"name": "A"}, headers={"idempotency-key": key})
    other = await client.post(
        "/v1/portfolios", json={"name": "B"}, headers={"idempotency-key": key}
    )
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"].endswith("idempotency-key-reused")


async def test_keys_are_scoped_to_the_caller(client: httpx.AsyncClient, make_token) -> None:
    key = str(uuid.uuid4())
    body = {"name": "Scoped"}
    first = await client.post("/v1/portfolios", json=body, headers={"idempotency-key": key})
    other_admin = {"authorization": f"Bearer {make_token('admin', sub='admin-2')}"}
    second = await client.post(
        "/v1/portfolios", json=body, headers={"idempotency-key": key, **other_admin}
    )
    assert second.status_code == 201
    assert second.json()["id"] != first.json()["id"]


async def test_concurrent_duplicate_is_409(projects_app, admin_token: str) -> None:
    """Two requests with one key at once: one runs, the other is told it is in flight.

    Uses committed transactions (no rollback wrapper) because the claim must be visible
    across connections, as it is in production."""
    key = str(uuid.uuid4())
    transport = httpx.ASGITransport(app=projects_app)
    headers = {"authorization": f"Bearer {admin_token}", "idempotency-key": key}
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        body = {"name": f"Race {key}"}
        responses = await asyncio.gather(
            *(http.post("/v1/portfolios", json=body, headers=headers) for _ in range(4))
        )
        statuses = sorted(r.status_code for r in responses)
        created = [r for r in responses if r.status_code == 201]
        assert 409 in statuses
        assert statuses.count(409) + len(created) == 4
        assert len({r.json()["id"] for r in created}) == 1
        listed = await http.get(
            "/v1/portfolios",
            params={"limit": 500},
            headers={"authorization": headers["authorization"]},
        )
        names = [p["name"] for p in listed.json()["items"]]
        assert names.count(f"Race {key}") == 1


async def test_failed_request_releases_the_key(client: httpx.AsyncClient) -> None:
    key = str(uuid.uuid4())
    bad = await client.post("/v1/portfolios", json={"name": ""}, headers={"idempotency-key": key})
    assert bad.status_code == 422
    # A 4xx is the answer to that body; the same body replays it.
    again = await client.post("/v1/portfolios", json={"name": ""}, headers={"idempotency-key": key})
    assert again.status_code == 422 and again.headers["idempotency-replayed"] == "true"


async def test_portfolio_batch_read(client: httpx.AsyncClient) -> None:
    a, b = await create_portfolio(client), await create_portfolio(client)
    listed = await client.get("/v1/portfolios", params={"ids": f"{a['id']},{b['id']}"})
    assert {p["id"] for p in listed.json()["items"]} == {a["id"], b["id"]}


async def test_key_is_forgotten_after_its_ttl(client: httpx.AsyncClient, projects_app) -> None:
    from sqlalchemy import text, update

    from services.projects.models import idempotency_keys

    key = str(uuid.uuid4())
    first = await client.post(
        "/v1/portfolios", json={"name": "A"}, headers={"idempotency-key": key}
    )
    async with projects_app.state.engine.begin() as conn:
        await conn.execute(
            update(idempotency_keys)
            .where(idempotency_keys.c.key == key)
            .values(created_at=idempotency_keys.c.created_at - text("interval '2 days'"))
        )
    other = await client.post(
        "/v1/portfolios", json={"name": "B"}, headers={"idempotency-key": key}
    )
    assert other.status_code == 201
    assert other.json()["id"] != first.json()["id"]


async def test_a_key_must_be_visible_ascii(client: httpx.AsyncClient) -> None:
    """What the OpenAPI document says a key is; a space or a non-ASCII byte could be
    altered by an HTTP stack on the way, and a NUL could not be stored."""
    for key in (b"two words", b"caf\xe9", b"x" * 256):
        response = await client.post(
            "/v1/portfolios", json={"name": "K"}, headers={"idempotency-key": key}
        )
        assert response.status_code == 422, (key, response.text)
        assert response.json()["errors"][0]["field"] == "Idempotency-Key"
