from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import httpx
import pytest
from asgi_lifespan import LifespanManager

from services.reporting.main import create_app
from tests.reporting.broken_upstream import refused, reporting_with_upstreams, unavailable
from tests.reporting.conftest import reporting_settings
from tests.reporting.planned_project import planned_project

SVG = "{http://www.w3.org/2000/svg}"


def _ids(svg: bytes, prefix: str) -> set[str]:
    root = ET.fromstring(svg)
    return {
        element.get("id", "").removeprefix(prefix)
        for element in root.iter()
        if element.get("id", "").startswith(prefix)
    }


def _fill_of(svg: bytes, element_id: str) -> str:
    root = ET.fromstring(svg)
    group = next(e for e in root.iter() if e.get("id") == element_id)
    path = next(group.iter(f"{SVG}path"))
    return path.get("style", "")


async def test_gantt_draws_tasks_baselines_milestones_and_the_status_line(
    projects, reporting
) -> None:
    plan = await planned_project(projects, name="Gantt <&> project")
    settings = {"status_date": "2026-03-10"}
    patched = await projects.patch(f"/v1/projects/{plan.id}/schedule-settings", json=settings)
    assert patched.status_code == 200, patched.text
    response = await reporting.get(f"/v1/projects/{plan.id}/charts/gantt.svg")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    svg = response.content
    ids = plan.task_ids
    bars = {ids[k] for k in ("phase", "a", "b", "c", "side")} | {plan.late_task_id}
    assert _ids(svg, "task-") == bars
    assert _ids(svg, "milestone-") == {ids["done"]}
    # Every task captured in baseline 0 has its bar (the milestone a hollow diamond); the
    # task added after it has none.
    assert _ids(svg, "baseline-") == {ids[k] for k in ("phase", "a", "b", "c", "side", "done")}
    assert "#d62728" in _fill_of(svg, f"task-{ids['b']}")  # critical
    assert "#4c78a8" in _fill_of(svg, f"task-{ids['side']}")  # has float
    assert _ids(svg, "status-date-line") == {""}
    text = svg.decode()
    assert "Status date 2026-03-10" in text and "Gantt &lt;&amp;&gt; project" in text
    assert "truncation-note" not in text


async def test_the_same_plan_draws_the_same_bytes(projects, reporting) -> None:
    plan = await planned_project(projects)
    url = f"/v1/projects/{plan.id}/charts/gantt.svg"
    first, second = (await reporting.get(url)).content, (await reporting.get(url)).content
    assert first == second
    assert b"<dc:date>" not in first


async def test_a_long_plan_is_cut_at_the_row_limit_and_says_so(
    projects, projects_app, database_urls, admin_token
) -> None:
    plan = await planned_project(projects)
    settings = reporting_settings(database_urls).model_copy(update={"gantt_max_rows": 3})
    app = create_app(settings, projects_transport=httpx.ASGITransport(app=projects_app))
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://test",
            headers={"authorization": f"Bearer {admin_token}"},
        ) as reporting,
    ):
        response = await reporting.get(f"/v1/projects/{plan.id}/charts/gantt.svg")
    assert response.status_code == 200, response.text
    assert _ids(response.content, "task-") == {plan.task_ids[k] for k in ("phase", "a", "b")}
    assert _ids(response.content, "truncation-note") == {""}
    assert b"Only the first 3 tasks of the plan are shown." in response.content


async def test_a_project_without_tasks_or_baseline_still_draws(projects, reporting) -> None:
    project = (
        await projects.post(
            "/v1/projects", json={"code": f"E-{uuid.uuid4().hex[:6]}", "name": "Empty"}
        )
    ).json()
    response = await reporting.get(f"/v1/projects/{project['id']}/charts/gantt.svg")
    assert response.status_code == 200, response.text
    assert _ids(response.content, "task-") == set()
    assert b"Today " in response.content


async def test_unknown_project_is_a_404_problem(reporting) -> None:
    response = await reporting.get(f"/v1/projects/{uuid.uuid4()}/charts/gantt.svg")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_member_without_a_role_gets_the_projects_refusal(
    projects, reporting, make_token
) -> None:
    plan = await planned_project(projects)
    member = {"authorization": f"Bearer {make_token('member')}"}
    response = await reporting.get(f"/v1/projects/{plan.id}/charts/gantt.svg", headers=member)
    assert response.status_code == 404  # not visible to them: the projects service says so
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("handler", "status"), [(refused, 502), (unavailable, 503)])
async def test_projects_service_down_is_a_problem(
    database_urls, admin_token, handler, status
) -> None:
    async with reporting_with_upstreams(database_urls["reporting"], admin_token, handler) as http:
        response = await http.get(f"/v1/projects/{uuid.uuid4()}/charts/gantt.svg")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
