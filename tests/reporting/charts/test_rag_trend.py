from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from services.reporting.charts.figure import RAG_COLOURS, svg_of
from services.reporting.charts.rag_trend import RagPoint, draw_rag_trend
from tests.reporting.broken_upstream import refused, reporting_with_upstreams
from tests.reporting.planned_project import planned_project

SVG = "{http://www.w3.org/2000/svg}"


def _marks(svg: bytes) -> dict[str, str]:
    """Day -> the fill of its mark (``rag-<day>``)."""
    marks = {}
    for element in ET.fromstring(svg).iter():
        element_id = element.get("id", "")
        if element_id.startswith("rag-") and element_id != "rag-line":
            # A marker is drawn as <use> of a shared path, which carries the fill.
            mark = next(element.iter(f"{SVG}use"), None)
            if mark is None:
                mark = next(element.iter(f"{SVG}path"))
            marks[element_id.removeprefix("rag-")] = mark.get("style", "")
    return marks


def test_each_day_gets_a_mark_in_its_colour() -> None:
    start = date(2026, 1, 1)
    points = [RagPoint(start + timedelta(days=n), rag) for n, rag in enumerate(
        ["green", "green", "amber", "red", "unknown", "green"]
    )]  # fmt: skip
    svg = svg_of(lambda: draw_rag_trend("Trend", points))
    marks = _marks(svg)
    # Unknown days (a missing figure) are left out; the others are drawn in their colour.
    assert sorted(marks) == ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-06"]
    assert RAG_COLOURS["amber"] in marks["2026-01-03"] and RAG_COLOURS["red"] in marks["2026-01-04"]
    assert svg == svg_of(lambda: draw_rag_trend("Trend", points))  # deterministic


def test_no_snapshots_say_so() -> None:
    svg = svg_of(lambda: draw_rag_trend("Trend", []))
    assert b"No snapshots yet" in svg and _marks(svg) == {}


async def _take(reporting: httpx.AsyncClient, project_id: str) -> None:
    answer = await reporting.post("/v1/snapshots", json={"project_ids": [project_id]})
    assert answer.status_code == 200, answer.text


async def test_the_chart_shows_the_colour_of_each_snapshot(projects, reporting, clock) -> None:
    plan = await planned_project(projects, name="Trend project")
    days = (2, 3, 5)
    for day in days:
        clock.moment = datetime(2026, 6, day, 12, tzinfo=UTC)
        await _take(reporting, plan.id)
    override = {
        "rag": "red",
        "justification": "Supplier insolvent",
        "expires_at": "2026-07-01T00:00:00Z",
    }
    created = await reporting.post(f"/v1/projects/{plan.id}/health-overrides", json=override)
    assert created.status_code == 201, created.text
    clock.moment = datetime(2026, 6, 6, 12, tzinfo=UTC)
    await _take(reporting, plan.id)
    snapshots = (
        await reporting.get(
            f"/v1/projects/{plan.id}/snapshots", params={"from": "2026-06-01", "to": "2026-06-30"}
        )
    ).json()["items"]
    url = f"/v1/projects/{plan.id}/charts/rag-trend.svg"
    response = await reporting.get(url, params={"from": "2026-06-01", "to": "2026-06-30"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    marks = _marks(response.content)
    assert sorted(marks) == [s["day"] for s in snapshots] == [
        "2026-06-02", "2026-06-03", "2026-06-05", "2026-06-06"
    ]  # fmt: skip
    for snapshot in snapshots:
        if snapshot["effective"] != "unknown":
            assert RAG_COLOURS[snapshot["effective"]] in marks[snapshot["day"]]
    assert RAG_COLOURS["red"] in marks["2026-06-06"]  # the override's colour is what showed
    assert b"Trend project: RAG from 2026-06-01 to 2026-06-30" in response.content
    # The default range is the 90 days to today: the clock's day.
    default = await reporting.get(url)
    assert sorted(_marks(default.content)) == sorted(marks)


async def test_a_bad_range_is_a_422_problem(projects, reporting) -> None:
    plan = await planned_project(projects)
    url = f"/v1/projects/{plan.id}/charts/rag-trend.svg"
    for params in ({"from": "2026-06-02", "to": "2026-06-01"}, {"from": "2000-01-01"}):
        response = await reporting.get(url, params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


async def test_unknown_project_is_a_404_problem(reporting) -> None:
    response = await reporting.get(f"/v1/projects/{uuid.uuid4()}/charts/rag-trend.svg")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("handler", [refused])
async def test_projects_service_down_is_a_problem(database_urls, admin_token, handler) -> None:
    async with reporting_with_upstreams(database_urls["reporting"], admin_token, handler) as http:
        response = await http.get(f"/v1/projects/{uuid.uuid4()}/charts/rag-trend.svg")
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
