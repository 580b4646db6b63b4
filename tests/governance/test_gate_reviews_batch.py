"""The gate reviews of many projects in one read (``?project_ids=``), as the portfolio
dashboard asks for the gates pending: open to every role, each caller seeing the reviews of
the projects they may read."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI

from shared.clients.governance import GovernanceClient
from shared.clients.governance.gates import ReviewState
from tests.governance.gate_factories import check, decide, gated_project, open_review


def _ids(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [review["id"] for review in answer.json()["items"]]


async def test_reviews_of_several_projects(
    client: httpx.AsyncClient, projects, make_token, governance_app: FastAPI
) -> None:
    passed_project = await gated_project(client, projects, make_token)
    open_project = await gated_project(client, projects, make_token)
    quiet_project = await gated_project(client, projects, make_token)
    other_project = await gated_project(client, projects, make_token)
    passed = await open_review(client, passed_project.id, "approved")
    await check(client, passed, "business-case", passed_project.developer)
    assert (await decide(client, passed, "go", passed_project.manager)).status_code == 200
    assert (await decide(client, passed, "go")).status_code == 200
    pending = await open_review(client, open_project.id, "approved")
    await open_review(client, other_project.id, "approved")  # not asked for
    asked = ",".join([passed_project.id, open_project.id, quiet_project.id, str(uuid.uuid4())])

    every = await client.get("/v1/gate-reviews", params={"project_ids": asked})
    assert sorted(_ids(every)) == sorted([passed["id"], pending["id"]])
    only_open = await client.get("/v1/gate-reviews", params={"project_ids": asked, "state": "open"})
    assert _ids(only_open) == [pending["id"]]
    assert only_open.json()["items"][0]["blockers"]["pending_roles"] == ["manager", "pmo"]

    # The typed client asks in batches of 500 and reads the same.
    async with GovernanceClient(
        "http://governance",
        transport=httpx.ASGITransport(app=governance_app),
        token=make_token("pmo", sub="pmo-1"),
    ) as governance:
        ids = [uuid.UUID(open_project.id), *(uuid.uuid4() for _ in range(600))]
        found = await governance.gate_reviews_of_projects(ids, state=ReviewState.open)
    assert [str(review.id) for review in found] == [pending["id"]]


async def test_a_member_sees_the_reviews_of_the_projects_they_may_read(
    client: httpx.AsyncClient, projects, make_token
) -> None:
    mine = await gated_project(client, projects, make_token)
    theirs = await gated_project(client, projects, make_token)
    my_review = await open_review(client, mine.id, "approved")
    await open_review(client, theirs.id, "approved")

    answer = await client.get(
        "/v1/gate-reviews", params={"project_ids": f"{mine.id},{theirs.id}"}, headers=mine.manager
    )

    assert _ids(answer) == [my_review["id"]]
    stranger = {"authorization": f"Bearer {make_token('member')}"}
    nothing = await client.get(
        "/v1/gate-reviews", params={"project_ids": mine.id}, headers=stranger
    )
    assert _ids(nothing) == []
    # Without project ids the list is still for the global read roles only.
    assert (await client.get("/v1/gate-reviews", headers=mine.manager)).status_code == 403


async def test_bad_project_ids_are_422(client: httpx.AsyncClient) -> None:
    too_many = ",".join(str(uuid.uuid4()) for _ in range(501))
    for value in ("not-a-uuid", too_many):
        answer = await client.get("/v1/gate-reviews", params={"project_ids": value})
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"][0]["field"] == "project_ids"
