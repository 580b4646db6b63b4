"""HR systems push people (and roles) in bulk, keyed by external_source + external_id: a
push repeated is applied once, one bad item refuses the whole batch (its index named),
nothing half-written."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import httpx


def item(source: str, external_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "external_source": source,
        "external_id": external_id,
        "kind": "person",
        "name": f"Person {external_id}",
        "skills": ["python"],
        "role_name": source,  # what ``stored`` finds them by
        **fields,
    }


async def push(client: httpx.AsyncClient, items: list, **extra: Any) -> httpx.Response:
    return await client.post("/v1/resources/bulk", json={"items": items, **extra})


async def stored(client: httpx.AsyncClient, source: str) -> list[tuple[str, str, str, int]]:
    """(external_id, name, max_units, version) of every resource pushed from ``source``."""
    response = await client.get("/v1/resources", params={"q": source, "limit": 200})
    return sorted(
        (r["external_id"], r["name"], r["max_units"], r["version"])
        for r in response.json()["items"]
        if r["external_source"] == source
    )


async def test_a_repeated_push_is_applied_once(client: httpx.AsyncClient) -> None:
    source = f"hr-{secrets.token_hex(3)}"
    batch = [item(source, "E1", max_units="0.5"), item(source, "E2")]
    first = await push(client, batch)
    assert first.status_code == 200, first.text
    assert [i["status"] for i in first.json()["items"]] == ["created", "created"]
    again = await push(client, batch)
    assert [i["status"] for i in again.json()["items"]] == ["unchanged", "unchanged"]
    assert [i["id"] for i in again.json()["items"]] == [i["id"] for i in first.json()["items"]]
    assert await stored(client, source) == [
        ("E1", "Person E1", "0.50", 1),
        ("E2", "Person E2", "1.00", 1),
    ]

    changed = await push(client, [item(source, "E2", name="Renamed"), item(source, "E3")])
    assert [i["status"] for i in changed.json()["items"]] == ["updated", "created"]
    assert await stored(client, source) == [
        ("E1", "Person E1", "0.50", 1),
        ("E2", "Renamed", "1.00", 2),
        ("E3", "Person E3", "1.00", 1),
    ]
    e2 = changed.json()["items"][0]["id"]
    records = await client.get(
        "/v1/audit-records", params={"entity_type": "resources", "entity_id": e2}
    )
    assert [r["action"] for r in records.json()["items"]] == ["updated", "created"]
    assert records.json()["items"][0]["changes"] == {"name": {"old": "Person E2", "new": "Renamed"}}


async def test_one_bad_item_refuses_the_batch(client: httpx.AsyncClient) -> None:
    source = f"hr-{secrets.token_hex(3)}"
    for bad in (
        {"max_units": "0"},
        {"max_units": "11"},
        {"calendar_id": str(uuid.uuid4())},
        {"kind": "role", "email": "x@example.org"},
    ):
        response = await push(client, [item(source, "OK"), item(source, "BAD", **bad)])
        assert response.status_code == 422, (bad, response.text)
        assert [e["field"] for e in response.json()["errors"]] == ["items[1]"], bad
    # NUL characters are refused before the items are read, naming the field.
    nul = await push(client, [item(source, "OK"), item(source, "NUL", name="a\u0000b")])
    assert nul.status_code == 422
    assert [e["field"] for e in nul.json()["errors"]] == ["items.1.name"]
    twice = await push(client, [item(source, "SAME"), item(source, "SAME")])
    assert twice.status_code == 422
    assert await stored(client, source) == []


async def test_per_item_writes_the_good_items(client: httpx.AsyncClient) -> None:
    source = f"hr-{secrets.token_hex(3)}"
    response = await push(
        client, [item(source, "A"), item(source, "B", max_units="-1")], mode="per_item"
    )
    assert response.status_code == 200, response.text
    assert [i["status"] for i in response.json()["items"]] == ["created", "error"]
    assert [r[0] for r in await stored(client, source)] == ["A"]


async def test_batch_size_is_bounded(client: httpx.AsyncClient) -> None:
    source = f"hr-{secrets.token_hex(3)}"
    many = [item(source, f"E{i}") for i in range(1001)]
    assert (await push(client, many)).status_code == 422
    assert (await push(client, [])).status_code == 422
    assert await stored(client, source) == []
