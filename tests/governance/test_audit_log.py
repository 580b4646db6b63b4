"""Governance keeps its own audit log: a standard's life (draft, edits, publication) is
recorded with the author and each changed field."""

from __future__ import annotations

import secrets

import httpx


async def test_standard_lifecycle_is_audited(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/v1/standards", json={"key": f"std-{secrets.token_hex(3)}", "title": "Gates"}
    )
    standard = created.json()
    await client.patch(f"/v1/standards/{standard['id']}", json={"title": "Stage gates"})
    await client.post(f"/v1/standards/{standard['id']}/publish")

    response = await client.get("/v1/audit-records", params={"entity_id": standard["id"]})
    assert response.status_code == 200, response.text
    records = response.json()["items"]
    assert [r["action"] for r in records] == ["updated", "updated", "created"]
    assert {r["actor"] for r in records} == {"pmo-1"}
    assert {r["entity_type"] for r in records} == {"standards"}
    published, edited, _ = (r["changes"] for r in records)
    assert edited == {"title": {"old": "Gates", "new": "Stage gates"}}
    assert published["status"] == {"old": "draft", "new": "published"}
    assert published["published_at"]["old"] is None and published["published_at"]["new"]
