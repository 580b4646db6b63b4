"""The batch reads of many projects' lists (the gateway's DataLoaders): each project's first
page in one call, in the list's own order, whose cursor continues in the project's list;
nothing for projects the caller may not see or that do not exist."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.projects.factories import auth, create_project
from tests.projects.records.conftest import Join

RAGS = dict.fromkeys(("overall_rag", "schedule_rag", "cost_rag", "scope_rag", "risk_rag"), "green")


@dataclass(frozen=True)
class Listed:
    """One per-project list: where it is, how to add its i-th entry and how to tell it."""

    plural: str  # /v1/projects/{id}/<plural>
    batch: str
    body: Callable[[int], dict[str, Any]]
    label: str
    newest_first: bool = False
    # Entries a new project has already (its creator, for members).
    existing: tuple[str, ...] = ()

    def value(self, i: int) -> Any:
        return self.body(i)[self.label]


LISTS = {
    "risks": Listed(
        "risks",
        "/v1/risks/first-pages",
        lambda i: {"title": f"R{i}", "probability": 2, "impact": 3},
        "title",
    ),
    "issues": Listed("issues", "/v1/issues/first-pages", lambda i: {"title": f"I{i}"}, "title"),
    "assumptions": Listed(
        "assumptions", "/v1/assumptions/first-pages", lambda i: {"title": f"A{i}"}, "title"
    ),
    "decisions": Listed(
        "decisions",
        "/v1/decisions/first-pages",
        lambda i: {"title": f"D{i}", "decision": "go"},
        "title",
    ),
    "change-requests": Listed(
        "change-requests", "/v1/change-requests/first-pages", lambda i: {"title": f"C{i}"}, "title"
    ),
    "status-updates": Listed(
        "status-updates",
        "/v1/status-updates/first-pages",
        lambda i: {"as_of": f"2026-01-{10 + i}", "narrative": f"week {i}", **RAGS},
        "as_of",
        newest_first=True,
    ),
    "members": Listed(
        "members",
        "/v1/members/first-pages",
        lambda i: {"user_id": f"m{i}", "role": "viewer"},
        "user_id",
        existing=("admin",),
    ),
}


async def _add(client: httpx.AsyncClient, listed: Listed, project_id: str, count: int) -> None:
    for i in range(count):
        response = await client.post(
            f"/v1/projects/{project_id}/{listed.plural}", json=listed.body(i)
        )
        assert response.status_code == 201, response.text


def _order(listed: Listed, count: int) -> list[Any]:
    values = [listed.value(i) for i in range(count)]
    if listed.newest_first:
        values.reverse()
    return [*listed.existing, *values]


def _labels(page: dict[str, Any], listed: Listed) -> list[Any]:
    return [item[listed.label] for item in page["items"]]


@pytest.mark.parametrize("name", list(LISTS))
async def test_first_pages_of_many_projects_in_one_call(
    name: str, client: httpx.AsyncClient
) -> None:
    listed = LISTS[name]
    full, one, empty = [await create_project(client) for _ in range(3)]
    await _add(client, listed, full["id"], 4)
    await _add(client, listed, one["id"], 1 - len(listed.existing))
    unknown = str(uuid.uuid4())
    ids = [full["id"], unknown, one["id"], empty["id"]]

    response = await client.get(listed.batch, params={"project_ids": ",".join(ids), "limit": 2})

    assert response.status_code == 200, response.text
    pages = response.json()["items"]
    assert [page["project_id"] for page in pages] == ids
    # The list's own order (rows written in one test transaction share created_at: the id
    # breaks the tie there as here).
    whole = await client.get(f"/v1/projects/{full['id']}/{listed.plural}")
    expected = whole.json()["items"]
    assert sorted(_labels(whole.json(), listed)) == sorted(_order(listed, 4))
    if listed.newest_first:
        assert _labels(pages[0], listed) == _order(listed, 4)[:2]
    assert pages[0]["items"] == expected[:2]
    assert pages[0]["next_cursor"] is not None
    assert pages[1] == {"project_id": unknown, "items": [], "next_cursor": None}
    assert _labels(pages[2], listed) == _order(listed, 1 - len(listed.existing))
    assert pages[2]["next_cursor"] is None
    assert _labels(pages[3], listed) == list(listed.existing)

    rest = await client.get(
        f"/v1/projects/{full['id']}/{listed.plural}", params={"cursor": pages[0]["next_cursor"]}
    )
    assert rest.status_code == 200, rest.text
    assert rest.json()["items"] == expected[2:]


@pytest.mark.parametrize("name", list(LISTS))
async def test_a_member_sees_only_their_projects(
    name: str, client: httpx.AsyncClient, join: Join, make_token
) -> None:
    listed = LISTS[name]
    mine, theirs = await create_project(client), await create_project(client)
    for project in (mine, theirs):
        await _add(client, listed, project["id"], 2)
    token = await join(mine["id"], "viewer")
    ids = ",".join(p["id"] for p in (mine, theirs))

    response = await client.get(listed.batch, params={"project_ids": ids}, headers=auth(token))

    assert response.status_code == 200, response.text
    seen, hidden = response.json()["items"]
    assert seen["project_id"] == mine["id"] and len(seen["items"]) >= 2
    assert hidden == {"project_id": theirs["id"], "items": [], "next_cursor": None}
    outsider = make_token("member")
    nothing = await client.get(listed.batch, params={"project_ids": ids}, headers=auth(outsider))
    assert [page["items"] for page in nothing.json()["items"]] == [[], []]


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"project_ids": "not-a-uuid"}, "project_ids"),
        ({"project_ids": ",".join(str(uuid.uuid4()) for _ in range(501))}, "project_ids"),
    ],
)
async def test_limit_and_ids_are_checked(
    name: str, params: dict[str, Any], field: str, client: httpx.AsyncClient
) -> None:
    query = {"project_ids": str(uuid.uuid4()), **params}
    response = await client.get(LISTS[name].batch, params=query)
    assert response.status_code == 422, response.text
    assert field in response.text


async def test_every_baseline_of_many_projects_in_one_call(
    client: httpx.AsyncClient, join: Join
) -> None:
    first, second, empty = [await create_project(client) for _ in range(3)]
    for project, numbers in ((first, (3, 0, 10)), (second, (1,))):
        for number in numbers:
            created = await client.post(f"/v1/projects/{project['id']}/baselines/{number}")
            assert created.status_code == 201, created.text
    unknown = str(uuid.uuid4())
    ids = [first["id"], second["id"], empty["id"], unknown]

    response = await client.get("/v1/baselines", params={"project_ids": ",".join(ids)})

    assert response.status_code == 200, response.text
    pages = response.json()["items"]
    assert [page["project_id"] for page in pages] == ids
    assert [[b["number"] for b in page["items"]] for page in pages] == [[0, 3, 10], [1], [], []]
    assert {page["next_cursor"] for page in pages} == {None}
    one = (await client.get(f"/v1/projects/{first['id']}/baselines")).json()
    assert pages[0]["items"] == one["items"]

    token = await join(second["id"], "viewer")
    mine = await client.get(
        "/v1/baselines", params={"project_ids": ",".join(ids)}, headers=auth(token)
    )
    assert [[b["number"] for b in page["items"]] for page in mine.json()["items"]] == [
        [],
        [1],
        [],
        [],
    ]
