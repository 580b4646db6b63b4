"""Lessons relevant to a project: by shared tags, category and words of its name and
description; never the project's own lessons; through the API and the service function
the other governance domains call."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.lessons.suggestions import suggest_lessons
from shared.db import get_session
from shared.reads import Reader, get_reader
from tests.governance.lessons.factories import create_project, record_lesson


async def test_similar_lessons_rank_shared_tags_and_text_and_skip_the_projects_own(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    earlier = await create_project(projects, name="Warehouse move", tags=["logistics"])
    project = await create_project(
        projects,
        name="Data centre migration",
        description="Move the servers to the new data centre over two weekends.",
        tags=["infrastructure", "Migration"],
    )
    both = await record_lesson(
        client,
        title="Rehearse the cut-over",
        recommendation="Rehearse every data centre migration step twice.",
        tags=["migration", "infrastructure"],
        source_project_id=earlier["id"],
    )
    one_tag = await record_lesson(client, title="Label the cables", tags=["infrastructure"])
    text_only = await record_lesson(
        client, title="Book the servers' transport early", context="Data centre move."
    )
    await record_lesson(client, title="Unrelated", tags=["marketing"], context="Brochures.")
    await record_lesson(
        client, title="Own lesson", tags=["migration"], source_project_id=project["id"]
    )
    response = await client.get("/v1/lessons/similar", params={"project_id": project["id"]})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["lesson"]["title"] for i in items] == [
        both["title"],
        one_tag["title"],
        text_only["title"],
    ]
    assert items[0]["shared_tags"] == ["migration", "infrastructure"]
    assert items[0]["score"] > items[1]["score"] > items[2]["score"] > 0
    assert items[2]["shared_tags"] == [] and items[2]["text_rank"] > 0


async def test_similar_lessons_of_an_unknown_project_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/v1/lessons/similar", params={"project_id": "00000000-0000-4000-8000-000000000000"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "project_id"


@asynccontextmanager
async def _in_transaction(app: FastAPI) -> AsyncIterator[tuple[Reader, AsyncSession]]:
    """The reader and a session of the open test transaction the ``client`` fixture's
    requests run in (what another domain's service holds when it calls suggest_lessons)."""
    reader = await app.dependency_overrides[get_reader]()
    sessions = app.dependency_overrides[get_session]()
    session = await anext(sessions)
    try:
        yield reader, session
    finally:
        await sessions.aclose()


async def test_suggest_lessons_by_category_tags_and_phase_without_http(
    client: httpx.AsyncClient, governance_app: FastAPI
) -> None:
    same_category = await record_lesson(client, title="Baseline early", category="schedule")
    tagged = await record_lesson(
        client, title="Plan the float", category="schedule", tags=["dcma"], phase="Planning"
    )
    await record_lesson(client, title="Other", category="cost")
    async with _in_transaction(governance_app) as (reader, session):
        for source in (reader, session):
            found = await suggest_lessons(
                source, tags=["DCMA"], category="schedule", phase="planning", limit=5
            )
            assert [s.lesson.title for s in found] == [tagged["title"], same_category["title"]]
            first = found[0]
            assert first.same_phase and first.same_category and first.shared_tags == ["dcma"]
            assert first.lesson.id == uuid.UUID(tagged["id"])


async def test_suggest_lessons_limits_and_excludes_a_project(
    client: httpx.AsyncClient, projects: httpx.AsyncClient, governance_app: FastAPI
) -> None:
    project = await create_project(projects)
    for i in range(3):
        await record_lesson(client, title=f"Vendor lesson {i}", tags=["vendor-x"])
    await record_lesson(client, title="Own", tags=["vendor-x"], source_project_id=project["id"])
    async with _in_transaction(governance_app) as (reader, _):
        found = await suggest_lessons(
            reader, tags=["vendor-x"], exclude_project_id=uuid.UUID(project["id"]), limit=2
        )
        assert len(found) == 2 and all(s.lesson.title != "Own" for s in found)
        assert await suggest_lessons(reader) == []
