"""Programs: a portfolio's groups of projects, managed like portfolios (admin, pmo), read by
everyone signed in; a project joins a program of its own portfolio only."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.projects.factories import auth, create_portfolio, create_project

PROBLEM = "application/problem+json"


async def create_program(client: httpx.AsyncClient, portfolio_id: str, **fields: Any) -> dict:
    body = {"portfolio_id": portfolio_id, "name": f"Program {uuid.uuid4().hex[:6]}", **fields}
    response = await client.post("/v1/programs", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_program_crud(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    created = await client.post(
        "/v1/programs",
        json={
            "portfolio_id": portfolio["id"],
            "name": "Core systems",
            "description": "ERP and CRM",
            "manager": "dana",
        },
    )
    assert created.status_code == 201, created.text
    program = created.json()
    assert created.headers["location"] == f"/v1/programs/{program['id']}"
    assert created.headers["etag"] == '"1"'
    assert {k: program[k] for k in ("portfolio_id", "name", "description", "manager")} == {
        "portfolio_id": portfolio["id"],
        "name": "Core systems",
        "description": "ERP and CRM",
        "manager": "dana",
    }
    fetched = await client.get(f"/v1/programs/{program['id']}")
    assert fetched.json() == program

    stale = await client.patch(
        f"/v1/programs/{program['id']}", json={"name": "Late"}, headers={"if-match": '"7"'}
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == PROBLEM
    patched = await client.patch(
        f"/v1/programs/{program['id']}",
        json={"name": "Core platforms", "manager": None},
        headers={"if-match": fetched.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["name"], patched.json()["manager"], patched.json()["version"]) == (
        "Core platforms",
        None,
        2,
    )
    assert (
        await client.patch(f"/v1/programs/{program['id']}", json={"name": None})
    ).status_code == 422

    deleted = await client.delete(f"/v1/programs/{program['id']}", headers={"if-match": '"2"'})
    assert deleted.status_code == 204
    assert (await client.get(f"/v1/programs/{program['id']}")).status_code == 404


async def test_list_by_portfolio_pages_and_batches(client: httpx.AsyncClient) -> None:
    first, second = await create_portfolio(client), await create_portfolio(client)
    names = ["Alpha", "Bravo", "Charlie"]
    made = [await create_program(client, first["id"], name=name) for name in names]
    other = await create_program(client, second["id"], name="Alpha")

    url, params = "/v1/programs", {"portfolio_id": first["id"], "sort": "name", "limit": 2}
    page = (await client.get(url, params=params)).json()
    rest = (await client.get(url, params={**params, "cursor": page["next_cursor"]})).json()
    assert [p["name"] for p in page["items"] + rest["items"]] == names
    assert rest["next_cursor"] is None

    ids = ",".join([made[0]["id"], other["id"], str(uuid.uuid4())])
    batch = (await client.get(url, params={"ids": ids})).json()["items"]
    assert {p["id"] for p in batch} == {made[0]["id"], other["id"]}

    pages = await client.get(
        "/v1/programs/first-pages",
        params={"portfolio_ids": f"{first['id']},{second['id']}", "limit": 2},
    )
    assert pages.status_code == 200, pages.text
    [one, two] = pages.json()["items"]
    assert (one["portfolio_id"], len(one["items"]), two["items"][0]["id"]) == (
        first["id"],
        2,
        other["id"],
    )
    assert one["next_cursor"] is not None and two["next_cursor"] is None
    resumed = await client.get(
        url, params={"portfolio_id": first["id"], "cursor": one["next_cursor"]}
    )
    # Oldest first, then by id: one test is one transaction, so created_at ties.
    last = sorted(made, key=lambda p: p["id"])[2]
    assert [p["id"] for p in resumed.json()["items"]] == [last["id"]]


async def test_names_are_unique_within_a_portfolio(client: httpx.AsyncClient) -> None:
    portfolio, other = await create_portfolio(client), await create_portfolio(client)
    await create_program(client, portfolio["id"], name="Infra")
    taken = await client.post(
        "/v1/programs", json={"portfolio_id": portfolio["id"], "name": "Infra"}
    )
    assert taken.status_code == 409
    assert taken.headers["content-type"] == PROBLEM
    await create_program(client, other["id"], name="Infra")  # another portfolio may
    renamed = await create_program(client, portfolio["id"], name="People")
    clash = await client.patch(f"/v1/programs/{renamed['id']}", json={"name": "Infra"})
    assert clash.status_code == 409


async def test_bad_input_is_a_problem(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    unknown = await client.post(
        "/v1/programs", json={"portfolio_id": str(uuid.uuid4()), "name": "X"}
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [{"field": "portfolio_id", "message": "unknown portfolio"}]
    nul = await client.post(
        "/v1/programs", json={"portfolio_id": portfolio["id"], "name": "A\u0000B"}
    )
    assert nul.status_code == 422 and nul.headers["content-type"] == PROBLEM
    typo = await client.post(
        "/v1/programs", json={"portfolio_id": portfolio["id"], "name": "X", "colour": "red"}
    )
    assert typo.status_code == 422
    program = await create_program(client, portfolio["id"])
    refused = await client.patch(
        f"/v1/programs/{program['id']}", json={"portfolio_id": portfolio["id"]}
    )
    assert refused.status_code == 422  # a program stays in its portfolio
    for method in ("get", "patch", "delete"):
        kwargs = {"json": {"name": "Y"}} if method == "patch" else {}
        missing = await getattr(client, method)(f"/v1/programs/{uuid.uuid4()}", **kwargs)
        assert missing.status_code == 404, method
    listed = (await client.get("/v1/programs", params={"portfolio_id": portfolio["id"]})).json()
    assert [p["id"] for p in listed["items"]] == [program["id"]]


async def test_a_program_with_projects_is_not_deleted(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    program = await create_program(client, portfolio["id"])
    project = await create_project(client, portfolio_id=portfolio["id"], program_id=program["id"])
    refused = await client.delete(f"/v1/programs/{program['id']}")
    assert refused.status_code == 409
    assert refused.json()["project_count"] == 1
    assert (await client.get(f"/v1/programs/{program['id']}")).status_code == 200

    left = await client.patch(f"/v1/projects/{project['id']}", json={"program_id": None})
    assert left.status_code == 200 and left.json()["program_id"] is None
    assert (await client.delete(f"/v1/programs/{program['id']}")).status_code == 204


async def test_projects_join_a_program_of_their_portfolio(client: httpx.AsyncClient) -> None:
    portfolio, other = await create_portfolio(client), await create_portfolio(client)
    program = await create_program(client, portfolio["id"])
    foreign = await create_program(client, other["id"])
    member = await create_project(client, portfolio_id=portfolio["id"], program_id=program["id"])
    assert member["program_id"] == program["id"]
    loose = await create_project(client, portfolio_id=portfolio["id"])
    assert loose["program_id"] is None

    wrong = await client.post(
        "/v1/projects",
        json={
            "code": "PG-1",
            "name": "x",
            "portfolio_id": portfolio["id"],
            "program_id": foreign["id"],
        },
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == [
        {"field": "program_id", "message": "the program belongs to another portfolio"}
    ]
    without_portfolio = await client.post(
        "/v1/projects", json={"code": "PG-2", "name": "x", "program_id": program["id"]}
    )
    assert without_portfolio.status_code == 422
    unknown = await client.patch(
        f"/v1/projects/{loose['id']}", json={"program_id": str(uuid.uuid4())}
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [{"field": "program_id", "message": "unknown program"}]
    # Moving a project to another portfolio while it sits in a program of this one.
    moved = await client.patch(f"/v1/projects/{member['id']}", json={"portfolio_id": other["id"]})
    assert moved.status_code == 422
    both = await client.patch(
        f"/v1/projects/{member['id']}",
        json={"portfolio_id": other["id"], "program_id": foreign["id"]},
    )
    assert both.status_code == 200, both.text
    assert (await client.get(f"/v1/projects/{loose['id']}")).json()["program_id"] is None

    joined = await client.patch(f"/v1/projects/{loose['id']}", json={"program_id": program["id"]})
    assert joined.status_code == 200 and joined.json()["program_id"] == program["id"]
    listed = (await client.get("/v1/projects", params={"program_id": program["id"]})).json()
    assert [p["id"] for p in listed["items"]] == [loose["id"]]


async def test_projects_of_several_programs_in_one_call(
    client: httpx.AsyncClient, make_token
) -> None:
    portfolio = await create_portfolio(client)
    first = await create_program(client, portfolio["id"])
    second = await create_program(client, portfolio["id"])
    made = [
        await create_project(client, portfolio_id=portfolio["id"], program_id=first["id"])
        for _ in range(3)
    ]
    # Oldest first, then by id: one test is one transaction, so created_at ties.
    mine = sorted(made, key=lambda p: p["id"])
    response = await client.get(
        "/v1/projects/first-pages-by-program",
        params={"program_ids": f"{first['id']},{second['id']}", "limit": 2},
    )
    assert response.status_code == 200, response.text
    [one, two] = response.json()["items"]
    assert one["program_id"] == first["id"] and [p["id"] for p in one["items"]] == [
        p["id"] for p in mine[:2]
    ]
    assert one["next_cursor"] is not None
    assert (two["program_id"], two["items"], two["next_cursor"]) == (second["id"], [], None)
    rest = await client.get(
        "/v1/projects", params={"program_id": first["id"], "cursor": one["next_cursor"]}
    )
    assert [p["id"] for p in rest.json()["items"]] == [mine[2]["id"]]
    # A member sees only the projects they have a role on.
    outsider = await client.get(
        "/v1/projects/first-pages-by-program",
        params={"program_ids": first["id"]},
        headers=auth(make_token("member")),
    )
    assert outsider.json()["items"] == [
        {"program_id": first["id"], "items": [], "next_cursor": None}
    ]


async def test_only_portfolio_managers_manage_programs(
    client: httpx.AsyncClient, make_token
) -> None:
    portfolio = await create_portfolio(client)
    program = await create_program(client, portfolio["id"])
    member, pmo = auth(make_token("member")), auth(make_token("pmo"))
    body = {"portfolio_id": portfolio["id"], "name": "Mine"}
    assert (await client.post("/v1/programs", json=body, headers=member)).status_code == 403
    url = f"/v1/programs/{program['id']}"
    assert (await client.patch(url, json={"name": "Z"}, headers=member)).status_code == 403
    assert (await client.delete(url, headers=member)).status_code == 403
    # Everyone signed in reads programs, as they read portfolios.
    assert (await client.get(url, headers=member)).status_code == 200
    listed = await client.get(
        "/v1/programs", params={"portfolio_id": portfolio["id"]}, headers=member
    )
    assert [p["id"] for p in listed.json()["items"]] == [program["id"]]
    assert (await client.get(url)).json()["version"] == 1
    made = await client.post("/v1/programs", json=body, headers=pmo)
    assert made.status_code == 201, made.text
    assert (await client.get(url, headers={"authorization": ""})).status_code == 401


async def test_program_writes_are_audited(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    program = await create_program(client, portfolio["id"], name="Audited")
    await client.patch(f"/v1/programs/{program['id']}", json={"manager": "sam"})
    response = await client.get(
        "/v1/audit-records", params={"entity_type": "programs", "entity_id": program["id"]}
    )
    records = response.json()["items"]
    assert [r["action"] for r in records] == ["updated", "created"]
    assert records[0]["changes"] == {"manager": {"old": None, "new": "sam"}}
