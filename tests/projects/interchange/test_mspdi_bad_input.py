"""Hostile or broken MSPDI files get a 4xx problem and leave no project behind."""

from __future__ import annotations

import secrets

import httpx
import pytest

PROBLEM = "application/problem+json"


def _plan(name: str, tasks: str = "", doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>{name}</Name><StartDate>2025-01-06T08:00:00</StartDate>"
        f"<Tasks>{tasks}</Tasks></Project>"
    ).encode()


def _task(uid: int, predecessor: int | None = None) -> str:
    link = (
        f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID><Type>1</Type>"
        "</PredecessorLink>"
        if predecessor is not None
        else ""
    )
    return (
        f"<Task><UID>{uid}</UID><Name>T{uid}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Duration>PT8H0M0S</Duration>{link}</Task>"
    )


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
EXTERNAL_ENTITY = '<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _cases(marker: str) -> dict[str, bytes]:
    return {
        "billion_laughs": _plan(f"{marker} &lol3;", doctype=BILLION_LAUGHS),
        "external_entity": _plan(f"{marker} &xxe;", doctype=EXTERNAL_ENTITY),
        "dtd": _plan(marker, doctype="<!DOCTYPE Project>"),
        "malformed": _plan(marker)[:-20],
        "wrong_root": f"<Plan><Name>{marker}</Name></Plan>".encode(),
        "cycle": _plan(marker, _task(1, 3) + _task(2, 1) + _task(3, 2)),
        "unknown_predecessor": _plan(marker, _task(1, 99)),
        "bad_duration": _plan(marker, _task(1).replace("PT8H0M0S", "eight hours")),
    }


async def _projects_named(client: httpx.AsyncClient, marker: str) -> list[object]:
    response = await client.get("/v1/projects", params={"q": marker})
    assert response.status_code == 200
    return response.json()["items"]


@pytest.mark.parametrize("case", sorted(_cases("x")))
async def test_bad_file_is_a_422_and_creates_nothing(client: httpx.AsyncClient, case: str) -> None:
    marker = f"hostile{secrets.token_hex(4)}"
    response = await client.post(
        "/v1/imports/mspdi",
        content=_cases(marker)[case],
        headers={"content-type": "application/xml"},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["errors"][0]["message"]
    assert "cannot be imported" in problem["detail"]
    assert await _projects_named(client, marker) == []


async def test_cycle_problem_names_the_tasks(client: httpx.AsyncClient) -> None:
    data = _plan("cyclic", _task(1, 2) + _task(2, 1))
    response = await client.post(
        "/v1/imports/mspdi", content=data, headers={"content-type": "text/xml"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "dependency_cycle"
    assert "1 -> 2 -> 1" in response.json()["detail"] or "2 -> 1 -> 2" in response.json()["detail"]


async def test_upload_over_20_mb_is_413(client: httpx.AsyncClient) -> None:
    marker = f"huge{secrets.token_hex(4)}"
    padding = b"<!--" + b"x" * (21 * 1024 * 1024) + b"-->"
    response = await client.post(
        "/v1/imports/mspdi",
        content=_plan(marker) + padding,
        headers={"content-type": "application/xml"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(PROBLEM)
    assert await _projects_named(client, marker) == []


async def test_empty_body_and_missing_multipart_field_are_422(client: httpx.AsyncClient) -> None:
    empty = await client.post(
        "/v1/imports/mspdi", content=b"", headers={"content-type": "application/xml"}
    )
    assert empty.status_code == 422
    no_file = await client.post(
        "/v1/imports/mspdi", files={"other": ("plan.xml", _plan("x"), "application/xml")}
    )
    assert no_file.status_code == 422
    assert no_file.json()["errors"][0]["field"] == "file"


async def test_json_body_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/imports/mspdi", json={"file": "<Project/>"})
    assert response.status_code == 415


async def test_a_malformed_multipart_upload_is_a_documented_400(client: httpx.AsyncClient) -> None:
    """Starlette refuses the form itself: a 400 with the bad-request problem type (the fuzzer
    found it undocumented, and typed "internal")."""
    boundary = secrets.token_hex(8)
    response = await client.post(
        "/v1/imports/mspdi",
        content=f"--{boundary}\r\n123--{boundary}--\r\n".encode(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/bad-request")
    documented = (await client.get("/openapi.json")).json()["paths"]["/v1/imports/mspdi"]
    assert "400" in documented["post"]["responses"]
