"""A cursor is opaque, but a client can forge one: a value its column cannot hold (a number
past the column's range, another type, text PostgreSQL cannot store) is a 422 on the
cursor, not a 500 from the driver."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import httpx
import pytest

from tests.projects.factories import add_task, create_project


def forged(*values: Any) -> str:
    raw = json.dumps([*values, str(uuid.uuid4())]).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("{project}/tasks", {"cursor": forged("position", 2**40)}),  # past int32
        ("/v1/audit-records", {"cursor": forged("sequence", 2**63)}),  # past int64
        ("/v1/projects", {"cursor": forged("created_at", 5)}),
        ("/v1/projects", {"cursor": forged("created_at", "2025-01-01T00:00:00")}),  # no offset
        ("/v1/portfolios", {"sort": "name", "cursor": forged("name", "a\x00")}),
        ("{project}/status-updates", {"cursor": forged("-as_of", 7)}),
    ],
)
async def test_a_forged_cursor_value_is_422(client: httpx.AsyncClient, path, params) -> None:
    project = await create_project(client)
    await add_task(client, project["id"])
    url = path.format(project=f"/v1/projects/{project['id']}")
    response = await client.get(url, params=params)
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"field": "cursor", "message": "not a cursor from this API"}
    ]


async def test_a_cursor_the_api_issued_still_pages(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    for name in ("a", "b", "c"):
        await add_task(client, project["id"], name=name)
    path = f"/v1/projects/{project['id']}/tasks"
    first = (await client.get(path, params={"limit": 2})).json()
    rest = (await client.get(path, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [t["name"] for t in first["items"] + rest["items"]] == ["a", "b", "c"]
