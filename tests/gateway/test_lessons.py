"""Lessons learned through the gateway, over the real governance and projects services:
record, read, search, edit and delete; suggestions for a project; userErrors; upstream calls
bounded for a list of lessons and their projects."""

from __future__ import annotations

import secrets
from typing import Any

from tests.gateway.conftest import Gateway, Seed, global_id

LESSON_FIELDS = """
  id title category tags phase impact outcome author version sourceProjectId
  sourceProject { id name }
"""
RECORD = f"""
mutation($input: RecordLessonInput!) {{
  recordLesson(input: $input) {{ lesson {{ {LESSON_FIELDS} }} userErrors {{ field message }} }}
}}
"""
UPDATE = f"""
mutation($input: UpdateLessonInput!) {{
  updateLesson(input: $input) {{ lesson {{ {LESSON_FIELDS} }} userErrors {{ field message }} }}
}}
"""
DELETE = """
mutation($input: DeleteLessonInput!) {
  deleteLesson(input: $input) { deletedLessonId userErrors { field message } }
}
"""
SEARCH = """
query($q: String, $filter: LessonFilter, $first: Int, $after: String, $highlight: Boolean!) {
  lessons(q: $q, filter: $filter, first: $first, after: $after, highlight: $highlight) {
    edges { cursor node { id title rank headline sourceProject { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def _word() -> str:
    return "zg" + "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))


async def _record(gateway: Gateway, token: str | None = None, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(RECORD, {"input": {"category": "OTHER", **input}}, token=token)
    assert "errors" not in answer, answer
    return answer["data"]["recordLesson"]


async def _search(gateway: Gateway, **variables: Any) -> dict[str, Any]:
    answer = await gateway.query(SEARCH, {"highlight": False, **variables})
    assert "errors" not in answer, answer
    return answer["data"]["lessons"]


async def test_record_read_update_delete(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1)
    payload = await _record(
        gateway,
        title="Lock the test environment",
        category="QUALITY",
        tags=["Testing"],
        phase="Build",
        impact="HIGH",
        outcome="POSITIVE",
        sourceProjectId=str(project.id),
    )
    lesson = payload["lesson"]
    assert payload["userErrors"] == []
    assert (lesson["category"], lesson["tags"]) == ("QUALITY", ["testing"])
    assert (lesson["impact"], lesson["phase"]) == ("HIGH", "Build")
    assert lesson["sourceProject"] == {
        "id": global_id("Project", project.id),
        "name": project.name,
    }
    read = await gateway.query(
        "query($id: ID!) { lesson(id: $id) { title outcome } }", {"id": lesson["id"]}
    )
    assert read["data"]["lesson"] == {"title": "Lock the test environment", "outcome": "POSITIVE"}
    updated = await gateway.query(
        UPDATE, {"input": {"id": lesson["id"], "expectedVersion": 1, "phase": None}}
    )
    assert updated["data"]["updateLesson"]["lesson"]["phase"] is None
    stale = await gateway.query(
        UPDATE, {"input": {"id": lesson["id"], "expectedVersion": 1, "title": "Late"}}
    )
    assert stale["data"]["updateLesson"]["lesson"] is None
    assert [e["field"] for e in stale["data"]["updateLesson"]["userErrors"]] == ["expectedVersion"]
    stale_delete = await gateway.query(
        DELETE, {"input": {"id": lesson["id"], "expectedVersion": 1}}
    )
    assert stale_delete["data"]["deleteLesson"]["deletedLessonId"] is None
    deleted = await gateway.query(DELETE, {"input": {"id": lesson["id"], "expectedVersion": 2}})
    assert deleted["data"]["deleteLesson"] == {"deletedLessonId": lesson["id"], "userErrors": []}
    gone = await gateway.query("query($id: ID!) { lesson(id: $id) { id } }", {"id": lesson["id"]})
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_user_errors_of_bad_input(gateway: Gateway) -> None:
    empty = await _record(gateway, title="")
    assert empty["lesson"] is None and [e["field"] for e in empty["userErrors"]] == ["title"]
    unknown = await _record(
        gateway, title="t", sourceProjectId="00000000-0000-4000-8000-000000000000"
    )
    assert [e["field"] for e in unknown["userErrors"]] == ["sourceProjectId"]
    malformed = await _record(gateway, title="t", sourceProjectId="not-an-id")
    assert [e["field"] for e in malformed["userErrors"]] == ["sourceProjectId"]
    bad_id = await gateway.query(DELETE, {"input": {"id": "nope"}})
    assert [e["field"] for e in bad_id["data"]["deleteLesson"]["userErrors"]] == ["id"]


async def test_editing_someone_elses_lesson_is_forbidden(gateway: Gateway, make_token) -> None:
    lesson = (await _record(gateway, title="The PMO's lesson"))["lesson"]
    member = make_token("member", sub=f"gw-member-{secrets.token_hex(3)}")
    answer = await gateway.query(
        UPDATE, {"input": {"id": lesson["id"], "title": "Mine now"}}, token=member
    )
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    own = (await _record(gateway, token=member, title="A member's lesson"))["lesson"]
    edited = await gateway.query(UPDATE, {"input": {"id": own["id"], "tags": ["x"]}}, token=member)
    assert edited["data"]["updateLesson"]["lesson"]["tags"] == ["x"]


async def test_search_ranks_tolerates_typos_filters_and_pages(gateway: Gateway) -> None:
    word = _word()
    body = await _record(gateway, title="Body", context=f"A {word} story.", tags=[word])
    title = await _record(gateway, title=f"{word} in the title", tags=[word])
    await _record(gateway, title=f"{word} elsewhere", category="COST")
    found = await _search(gateway, q=word, filter={"tags": [word]}, highlight=True)
    nodes = [edge["node"] for edge in found["edges"]]
    assert [n["title"] for n in nodes] == [title["lesson"]["title"], body["lesson"]["title"]]
    assert nodes[0]["rank"] > nodes[1]["rank"] and f"<b>{word}</b>" in nodes[0]["headline"]
    typo = word[:4] + word[5:]  # one letter dropped
    typo_found = await _search(gateway, q=typo, filter={"tags": [word]})
    assert typo_found["edges"][0]["node"]["title"] == title["lesson"]["title"]
    costs = await _search(gateway, q=word, filter={"categories": ["COST"]})
    assert [e["node"]["title"] for e in costs["edges"]] == [f"{word} elsewhere"]
    titles: list[str] = []
    after = None
    while True:
        page = await _search(gateway, q=word, first=1, after=after)
        titles += [edge["node"]["title"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(titles) == 3 == len(set(titles))


async def test_similar_lessons_of_a_project(gateway: Gateway, projects_http) -> None:
    word = _word()
    created = await projects_http.post(
        "/v1/projects",
        json={"code": f"LS-{secrets.token_hex(3)}", "name": f"{word} roll-out", "tags": [word]},
    )
    project = created.json()
    tagged = await _record(gateway, title="Shared tag", tags=[word])
    await _record(gateway, title="Own lesson", tags=[word], sourceProjectId=project["id"])
    answer = await gateway.query(
        """query($id: ID!) { similarLessons(projectId: $id, limit: 3) {
             score sharedTags sameCategory lesson { title } } }""",
        {"id": project["id"]},
    )
    assert "errors" not in answer, answer
    suggestions = answer["data"]["similarLessons"]
    assert suggestions[0]["lesson"]["title"] == tagged["lesson"]["title"]
    assert suggestions[0]["sharedTags"] == [word]
    assert "Own lesson" not in [s["lesson"]["title"] for s in suggestions]
    unknown = await gateway.query(
        'query { similarLessons(projectId: "00000000-0000-4000-8000-000000000000") { score } }'
    )
    assert unknown["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_page_of_lessons_and_their_projects_costs_two_upstream_calls(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    word = _word()
    counts = []
    for size in (1, 4):
        _, projects = await seed_portfolio(projects=size)
        for project in projects:
            await _record(gateway, title=f"{word} {size}", sourceProjectId=str(project.id))
        gateway.reset_calls()
        found = await _search(gateway, q=f"{word} {size}", first=10)
        assert len(found["edges"]) >= size
        assert all(e["node"]["sourceProject"] for e in found["edges"])
        counts.append((gateway.calls("governance"), gateway.calls("projects")))
    assert counts == [(1, 1), (1, 1)]
