"""MS Project import as a file upload: the GraphQL multipart request specification on the
gateway's own ``/graphql``, for mutations only, with its own size cap."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson

from services.gateway.config import GatewaySettings
from tests.gateway.conftest import Gateway, GatewayFactory, unique

IMPORT = """
mutation($input: ImportMsProjectInput!) {
  importMsProject(input: $input) {
    project { id code tasks { edges { node { name earlyStart } } } }
    counts { tasks dependencies }
    warnings
    userErrors { field message code }
  }
}
"""


def _plan(*names: str) -> bytes:
    tasks = "".join(
        f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Duration>PT8H0M0S</Duration>"
        + (
            f"<PredecessorLink><PredecessorUID>{uid - 1}</PredecessorUID><Type>1</Type>"
            "</PredecessorLink>"
            if uid > 1
            else ""
        )
        + "</Task>"
        for uid, name in enumerate(names, start=1)
    )
    return (
        '<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>Uploaded</Name><StartDate>2025-01-06T08:00:00</StartDate><Tasks>{tasks}"
        "</Tasks></Project>"
    ).encode()


async def _upload(
    gateway: Gateway, data: bytes, query: str = IMPORT, **input: Any
) -> tuple[int, dict[str, Any]]:
    operations = {"query": query, "variables": {"input": {"file": None, **input}}}
    response = await gateway.http.post(
        "/graphql",
        headers={"authorization": f"Bearer {gateway.token}"},
        data={
            "operations": orjson.dumps(operations).decode(),
            "map": orjson.dumps({"0": ["variables.input.file"]}).decode(),
        },
        files={"0": ("plan.xml", data, "application/xml")},
    )
    return response.status_code, response.json()


async def test_import_a_plan_by_upload(gateway: Gateway) -> None:
    code, key = unique("UP"), unique("up")
    status, answer = await _upload(gateway, _plan("Design", "Build"), code=code, idempotencyKey=key)
    assert status == 200 and "errors" not in answer, answer
    payload = answer["data"]["importMsProject"]
    assert payload["userErrors"] == []
    assert payload["counts"] == {"tasks": 2, "dependencies": 1}
    project = payload["project"]
    assert project["code"] == code
    starts = {e["node"]["name"]: e["node"]["earlyStart"] for e in project["tasks"]["edges"]}
    assert starts == {"Design": "2025-01-06", "Build": "2025-01-07"}
    _, replay = await _upload(gateway, _plan("Design", "Build"), code=code, idempotencyKey=key)
    assert replay["data"]["importMsProject"]["project"]["id"] == project["id"]


async def test_a_file_that_is_not_a_plan_is_a_user_error(gateway: Gateway) -> None:
    status, answer = await _upload(gateway, b"<not-a-plan/>", code=unique("UP"))
    assert status == 200, answer
    payload = answer["data"]["importMsProject"]
    assert payload["project"] is None
    assert payload["userErrors"] and payload["userErrors"][0]["code"] == "INVALID"


async def test_uploads_carry_mutations_only(gateway: Gateway) -> None:
    status, answer = await _upload(gateway, _plan("A"), query="query { __typename }")
    assert status == 400 and answer["errors"], answer


async def test_an_upload_over_the_limit_is_refused(gateway_factory: GatewayFactory) -> None:
    settings = GatewaySettings(
        projects_url="http://projects",
        governance_url="http://governance",
        reporting_url="http://reporting",
        max_upload_bytes=2_048,
    )
    async with gateway_factory(settings=settings) as gateway:
        big = _plan(*(f"Task {i}" for i in range(40)))
        status, answer = await _upload(gateway, big, code=unique("UP"))
        assert status == 413, answer
        assert gateway.calls("projects") == 0  # nothing reached the service
        status, answer = await _upload(gateway, _plan("A"), code=unique("UP"))
        assert status == 200 and answer["data"]["importMsProject"]["userErrors"] == []


async def test_a_streamed_upload_over_the_limit_is_refused(
    gateway_factory: GatewayFactory,
) -> None:
    """No Content-Length (chunked): the cap is counted while the form is read."""
    settings = GatewaySettings(
        projects_url="http://projects",
        governance_url="http://governance",
        reporting_url="http://reporting",
        max_upload_bytes=2_048,
    )
    operations = {"query": IMPORT, "variables": {"input": {"file": None}}}
    encoded = httpx.Request(
        "POST",
        "http://gateway/graphql",
        data={
            "operations": orjson.dumps(operations).decode(),
            "map": orjson.dumps({"0": ["variables.input.file"]}).decode(),
        },
        files={"0": ("plan.xml", _plan(*(f"Task {i}" for i in range(40))), "application/xml")},
    )
    body = encoded.read()

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 512):
            yield body[start : start + 512]

    async with gateway_factory(settings=settings) as gateway:
        response = await gateway.http.post(
            "/graphql",
            content=chunks(),
            headers={
                "authorization": f"Bearer {gateway.token}",
                "content-type": encoded.headers["content-type"],
            },
        )
        assert response.status_code == 413, response.text
        assert gateway.calls("projects") == 0
