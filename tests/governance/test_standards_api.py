from __future__ import annotations

import secrets

import httpx


async def _create(client: httpx.AsyncClient, **fields) -> dict:
    body = {"key": f"std-{secrets.token_hex(3)}", "title": "Status reporting", **fields}
    response = await client.post("/v1/standards", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_draft_publish_retire(client: httpx.AsyncClient) -> None:
    standard = await _create(client, body="Report every 14 days.")
    assert standard["status"] == "draft" and standard["revision"] == 1
    edited = await client.patch(f"/v1/standards/{standard['id']}", json={"body": "Every 7 days."})
    assert edited.json()["body"] == "Every 7 days."
    published = await client.post(f"/v1/standards/{standard['id']}/publish")
    assert published.json()["status"] == "published"
    assert published.json()["published_at"] is not None
    retired = await client.post(f"/v1/standards/{standard['id']}/retire")
    assert retired.json()["status"] == "retired"


async def test_published_revision_is_frozen(client: httpx.AsyncClient) -> None:
    standard = await _create(client)
    await client.post(f"/v1/standards/{standard['id']}/publish")
    frozen = await client.patch(f"/v1/standards/{standard['id']}", json={"title": "Changed"})
    assert frozen.status_code == 409
    assert (await client.get(f"/v1/standards/{standard['id']}")).json()["title"] == standard[
        "title"
    ]


async def test_new_revision_replaces_the_published_one_on_publish(
    client: httpx.AsyncClient,
) -> None:
    first = await _create(client)
    await client.post(f"/v1/standards/{first['id']}/publish")
    draft = await client.post(f"/v1/standards/{first['id']}/revisions")
    assert draft.status_code == 201
    assert draft.json()["revision"] == 2 and draft.json()["key"] == first["key"]
    second_draft = await client.post(f"/v1/standards/{first['id']}/revisions")
    assert second_draft.status_code == 409
    await client.post(f"/v1/standards/{draft.json()['id']}/publish")
    old = (await client.get(f"/v1/standards/{first['id']}")).json()
    assert old["status"] == "retired"
    listed = await client.get("/v1/standards", params={"key": first["key"], "status": "published"})
    assert [s["revision"] for s in listed.json()["items"]] == [2]


async def test_invalid_transitions_are_409(client: httpx.AsyncClient) -> None:
    standard = await _create(client)
    response = await client.post(f"/v1/standards/{standard['id']}/retire")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


async def test_members_cannot_author(client: httpx.AsyncClient, make_token) -> None:
    member = {"authorization": f"Bearer {make_token('member')}"}
    response = await client.post("/v1/standards", json={"key": "x-1", "title": "t"}, headers=member)
    assert response.status_code == 403
    assert (await client.get("/v1/standards", headers=member)).status_code == 200


async def test_duplicate_key_and_bad_key(client: httpx.AsyncClient) -> None:
    standard = await _create(client)
    dup = await client.post("/v1/standards", json={"key": standard["key"], "title": "t"})
    assert dup.status_code == 409
    bad = await client.post("/v1/standards", json={"key": "Has Spaces", "title": "t"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "key"


async def test_stale_if_match(client: httpx.AsyncClient) -> None:
    standard = await _create(client)
    await client.patch(f"/v1/standards/{standard['id']}", json={"title": "v2"})
    stale = await client.post(
        f"/v1/standards/{standard['id']}/publish", headers={"if-match": '"1"'}
    )
    assert stale.status_code == 412
    assert (await client.get(f"/v1/standards/{standard['id']}")).json()["status"] == "draft"
