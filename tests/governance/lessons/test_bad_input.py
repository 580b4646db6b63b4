"""Bad input gets a problem+json with the right status and changes nothing: text that
cannot be stored, unknown or unreadable projects, stale versions, someone else's lesson,
oversized queries, forged cursors, nulls for required fields."""

from __future__ import annotations

import httpx
import pytest

from tests.governance.lessons.factories import auth, create_project, record_lesson, search

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


async def _count(client: httpx.AsyncClient) -> int:
    return len(await search(client, limit=500))


async def test_text_with_nul_or_a_lone_surrogate_is_422_and_stores_nothing(
    client: httpx.AsyncClient,
) -> None:
    before = await _count(client)
    # JSON escapes: a NUL, and half of a surrogate pair.
    for title in ("Bad\\u0000title", "Lone \\ud800 surrogate"):
        body = '{"title": "' + title + '", "category": "risk"}'
        response = await client.post(
            "/v1/lessons", content=body, headers={"content-type": "application/json"}
        )
        assert _problem(response, 422)["errors"][0]["field"] == "title"
    nul_query = await client.get("/v1/lessons", params={"q": "sched\u0000ule"})
    assert _problem(nul_query, 422)["errors"][0]["field"] == "q"
    assert await _count(client) == before


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "category": "risk"},
        {"title": "No category"},
        {"title": "Unknown category", "category": "luck"},
        {"title": "Bad impact", "category": "risk", "impact": "huge"},
        {"title": "Bad tag", "category": "risk", "tags": ["has space"]},
        {"title": "Unknown field", "category": "risk", "colour": "red"},
        {"title": "x" * 301, "category": "risk"},
    ],
)
async def test_invalid_lessons_are_422(client: httpx.AsyncClient, body: dict) -> None:
    before = await _count(client)
    _problem(await client.post("/v1/lessons", json=body), 422)
    assert await _count(client) == before


async def test_an_unknown_or_unreadable_project_is_422(
    client: httpx.AsyncClient, projects: httpx.AsyncClient, make_token
) -> None:
    before = await _count(client)
    unknown = await client.post(
        "/v1/lessons", json={"title": "t", "category": "risk", "source_project_id": UNKNOWN}
    )
    assert _problem(unknown, 422)["errors"][0]["field"] == "source_project_id"
    hidden = await create_project(projects)
    outsider = auth(make_token("member", sub="outsider"))
    unreadable = await client.post(
        "/v1/lessons",
        json={"title": "t", "category": "risk", "source_project_id": hidden["id"]},
        headers=outsider,
    )
    assert _problem(unreadable, 422)["errors"][0]["field"] == "source_project_id"
    assert await _count(client) == before
    lesson = await record_lesson(client)
    moved = await client.patch(f"/v1/lessons/{lesson['id']}", json={"source_project_id": UNKNOWN})
    assert _problem(moved, 422)["errors"][0]["field"] == "source_project_id"
    assert (await client.get(f"/v1/lessons/{lesson['id']}")).json() == lesson


async def test_a_member_records_lessons_of_projects_they_belong_to(
    client: httpx.AsyncClient, projects: httpx.AsyncClient, make_token
) -> None:
    project = await create_project(projects)
    added = await projects.post(
        f"/v1/projects/{project['id']}/members", json={"user_id": "member-1", "role": "viewer"}
    )
    assert added.status_code == 201, added.text
    member = auth(make_token("member", sub="member-1"))
    lesson = await record_lesson(client, headers=member, source_project_id=project["id"])
    assert lesson["author"] == "member-1"
    edited = await client.patch(
        f"/v1/lessons/{lesson['id']}", json={"title": "Mine"}, headers=member
    )
    assert edited.status_code == 200 and edited.json()["title"] == "Mine"


async def test_editing_or_deleting_someone_elses_lesson_as_a_member_is_403(
    client: httpx.AsyncClient, make_token
) -> None:
    lesson = await record_lesson(client)
    member = auth(make_token("member", sub="member-2"))
    edit = await client.patch(f"/v1/lessons/{lesson['id']}", json={"title": "x"}, headers=member)
    _problem(edit, 403)
    _problem(await client.delete(f"/v1/lessons/{lesson['id']}", headers=member), 403)
    executive = auth(make_token("executive", sub="exec-1"))
    _problem(await client.delete(f"/v1/lessons/{lesson['id']}", headers=executive), 403)
    assert (await client.get(f"/v1/lessons/{lesson['id']}", headers=member)).json() == lesson


async def test_a_stale_if_match_is_412_and_changes_nothing(client: httpx.AsyncClient) -> None:
    lesson = await record_lesson(client)
    current = (await client.patch(f"/v1/lessons/{lesson['id']}", json={"phase": "Design"})).json()
    stale = await client.patch(
        f"/v1/lessons/{lesson['id']}", json={"title": "late"}, headers={"if-match": '"1"'}
    )
    _problem(stale, 412)
    _problem(await client.delete(f"/v1/lessons/{lesson['id']}", headers={"if-match": '"1"'}), 412)
    assert (await client.get(f"/v1/lessons/{lesson['id']}")).json() == current


@pytest.mark.parametrize("field", ["title", "category", "tags", "impact", "outcome", "context"])
async def test_clearing_a_required_field_is_422(client: httpx.AsyncClient, field: str) -> None:
    lesson = await record_lesson(client)
    response = await client.patch(f"/v1/lessons/{lesson['id']}", json={field: None})
    assert [e["field"] for e in _problem(response, 422)["errors"]] == [field]
    assert (await client.get(f"/v1/lessons/{lesson['id']}")).json() == lesson


async def test_clearing_the_phase_and_project_is_allowed(client: httpx.AsyncClient) -> None:
    lesson = await record_lesson(client, phase="Design")
    cleared = await client.patch(
        f"/v1/lessons/{lesson['id']}", json={"phase": None, "source_project_id": None}
    )
    assert cleared.status_code == 200 and cleared.json()["phase"] is None


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 201},
        {"tag": "t" * 65},
        {"tag": [f"t{i}" for i in range(21)]},
        {"limit": 501},
        {"limit": 0},
        {"category": "luck"},
        {"impact": "huge"},
        {"source_project_id": "not-a-uuid"},
        {"ids": "a,b"},
        {"cursor": "not-a-cursor"},
        {"q": "plan", "cursor": "WyJyYW5rIiwiYWIiLCJ4IiwieSIsInoiXQ"},
    ],
)
async def test_bad_list_parameters_are_422(client: httpx.AsyncClient, params: dict) -> None:
    _problem(await client.get("/v1/lessons", params=params), 422)


@pytest.mark.parametrize("params", [{}, {"project_id": "x"}, {"project_id": UNKNOWN, "limit": 51}])
async def test_bad_similar_parameters_are_422(client: httpx.AsyncClient, params: dict) -> None:
    _problem(await client.get("/v1/lessons/similar", params=params), 422)


async def test_unknown_lessons_are_404(client: httpx.AsyncClient) -> None:
    _problem(await client.get(f"/v1/lessons/{UNKNOWN}"), 404)
    _problem(await client.patch(f"/v1/lessons/{UNKNOWN}", json={"title": "x"}), 404)
    _problem(await client.delete(f"/v1/lessons/{UNKNOWN}"), 404)


async def test_search_without_a_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/lessons", headers={"authorization": ""})
    _problem(response, 401)
