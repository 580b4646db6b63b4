"""Lessons search through the API: ranked full text (title above recommendation and root
cause above the story), misspelt words, filters, stable pages, highlights."""

from __future__ import annotations

import secrets

import httpx

from tests.governance.lessons.factories import create_project, record_lesson, search, titles


def _word() -> str:
    """A word no other test's lesson holds (letters only, so it stems to itself)."""
    return "zq" + "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))


async def test_a_title_match_outranks_a_recommendation_match_outranks_a_story_match(
    client: httpx.AsyncClient,
) -> None:
    word = _word()
    story = await record_lesson(client, title="Story", what_happened=f"The {word} was late.")
    advice = await record_lesson(client, title="Advice", recommendation=f"Order the {word} early.")
    title = await record_lesson(client, title=f"The {word} arrived late")
    items = await search(client, q=word)
    assert titles(items) == [title["title"], advice["title"], story["title"]]
    ranks = [item["rank"] for item in items]
    assert ranks == sorted(ranks, reverse=True) and ranks[-1] > 0


async def test_newest_first_without_q(client: httpx.AsyncClient) -> None:
    tag = _word()
    recorded = [await record_lesson(client, tags=[tag]) for _ in range(4)]
    # One test runs in one transaction, where now() stands still: ties go by id.
    newest_first = sorted(recorded, key=lambda r: (r["created_at"], r["id"]), reverse=True)
    items = await search(client, tag=tag, limit=3)
    assert titles(items) == titles(newest_first[:3])
    assert all(item["rank"] is None and item["headline"] is None for item in items)


async def test_a_misspelt_word_finds_the_lessons_of_the_word(client: httpx.AsyncClient) -> None:
    tag = _word()
    titled = await record_lesson(client, title="Keep the schedule baseline frozen", tags=[tag])
    body = await record_lesson(
        client, title="Status meetings", context="The schedule slipped twice.", tags=[tag]
    )
    await record_lesson(client, title="Budget review", context="Costs overran.", tags=[tag])
    items = await search(client, q="shedule", tag=tag)
    assert titles(items) == [titled["title"], body["title"]]
    assert items[0]["rank"] > items[1]["rank"] > 0
    # Transposed letters, and a misspelt word beside a right one.
    assert titles(await search(client, q="scehdule", tag=tag))[0] == titled["title"]
    assert titles(await search(client, q="shedule baseline", tag=tag)) == [titled["title"]]


async def test_exact_matches_rank_above_typo_matches(client: httpx.AsyncClient) -> None:
    tag = _word()
    typo = await record_lesson(client, title="Vendor contracts", tags=[tag])
    exact = await record_lesson(client, title="Lessons", context="vendr lock-in", tags=[tag])
    # "vendr" is known as typed (the second lesson holds it): the exact match comes first.
    assert titles(await search(client, q="vendr", tag=tag))[:1] == [exact["title"]]
    assert typo["title"] not in titles(await search(client, q="vendr", tag=tag))


async def test_a_phrase_and_web_search_syntax(client: httpx.AsyncClient) -> None:
    tag = _word()
    phrase = await record_lesson(client, title="Test the data migration early", tags=[tag])
    words = await record_lesson(
        client, title="Early data", context="Run the migration test.", tags=[tag]
    )
    assert titles(await search(client, q='"data migration"', tag=tag)) == [phrase["title"]]
    assert set(titles(await search(client, q="data migration", tag=tag))) == {
        phrase["title"],
        words["title"],
    }
    assert titles(await search(client, q="migration -early", tag=tag)) == []


async def test_filters_narrow_a_search(
    client: httpx.AsyncClient, projects: httpx.AsyncClient
) -> None:
    word = _word()
    project = await create_project(projects)
    matching = await record_lesson(
        client,
        title=f"{word} one",
        category="procurement",
        tags=["supplier", "contract"],
        phase="Execution",
        impact="high",
        outcome="positive",
        source_project_id=project["id"],
    )
    await record_lesson(client, title=f"{word} two", category="quality", tags=["supplier"])
    await record_lesson(client, title=f"{word} three", category="procurement", phase="Closing")
    filters = [
        {"category": "procurement", "phase": "execution"},
        {"tag": ["supplier", "CONTRACT"]},
        {"source_project_id": project["id"]},
        {"impact": ["high", "low"], "outcome": "positive"},
        {"category": ["procurement", "cost"], "tag": "supplier"},
    ]
    for params in filters:
        assert titles(await search(client, q=word, **params)) == [matching["title"]], params
        assert titles(await search(client, q=word[:-1] + "x", **params))[:1] in (
            [matching["title"]],
            [],
        )
    assert len(await search(client, q=word)) == 3


async def test_ranked_pages_do_not_repeat_or_skip(client: httpx.AsyncClient) -> None:
    word = _word()
    for i in range(7):
        # Varied relevance, and ties (same text) broken by creation time and id.
        title = f"{word} lesson {i}" if i % 2 else f"Lesson {i}"
        await record_lesson(client, title=title, context=f"{word} " * (i % 3 + 1))
    everything = titles(await search(client, q=word, limit=50))
    seen: list[str] = []
    cursor = None
    while True:
        params = {"q": word, "limit": 3, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/v1/lessons", params=params)
        assert response.status_code == 200, response.text
        seen += titles(response.json()["items"])
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
        # A lesson added between pages does not disturb the pages still to come.
        await record_lesson(client, title="Unrelated meanwhile")
    assert seen == everything and len(seen) == 7


async def test_a_ranked_cursor_belongs_to_its_query(client: httpx.AsyncClient) -> None:
    word = _word()
    for _ in range(3):
        await record_lesson(client, title=word)
    page = (await client.get("/v1/lessons", params={"q": word, "limit": 1})).json()
    other = await client.get("/v1/lessons", params={"q": "other", "cursor": page["next_cursor"]})
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "cursor"
    unranked = await client.get("/v1/lessons", params={"cursor": page["next_cursor"]})
    assert unranked.status_code == 422


async def test_highlights_show_where_a_lesson_matched(client: httpx.AsyncClient) -> None:
    word = _word()
    await record_lesson(client, title="Vendors", recommendation=f"Audit the {word} twice.")
    [hit] = await search(client, q=word, highlight="true")
    assert f"<b>{word}</b>" in hit["headline"]
    [plain] = await search(client, q=word)
    assert plain["headline"] is None


async def test_highlights_escape_the_lessons_own_markup(client: httpx.AsyncClient) -> None:
    word = _word()
    await record_lesson(
        client, title="Markup", context=f"<script>alert(1)</script> cost < plan & {word} slip"
    )
    [hit] = await search(client, q=word, highlight="true")
    headline = hit["headline"]
    assert f"<b>{word}</b>" in headline and "&lt;" in headline and "&amp;" in headline
    markup = headline.replace("<b>", "").replace("</b>", "")
    assert "<" not in markup and ">" not in markup
