from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET

import pytest

from tests.reporting.broken_upstream import refused, reporting_with_upstreams, unavailable
from tests.reporting.planned_project import planned_project

SVG = "{http://www.w3.org/2000/svg}"


def _vertices(svg: bytes, element_id: str) -> int:
    """How many points the line with this id joins (its path's move and line commands)."""
    root = ET.fromstring(svg)
    group = next(e for e in root.iter() if e.get("id") == element_id)
    path = next(group.iter(f"{SVG}path"))
    return len(re.findall(r"[ML]", path.get("d", "")))


def _ids(svg: bytes) -> set[str]:
    return {e.get("id", "") for e in ET.fromstring(svg).iter()}


async def _in_progress(projects):
    plan = await planned_project(projects, name="Curve project")
    done = await projects.patch(f"/v1/tasks/{plan.task_ids['a']}", json={"percent_complete": "100"})
    assert done.status_code == 200, done.text
    settings = {"status_date": "2026-03-13"}
    patched = await projects.patch(f"/v1/projects/{plan.id}/schedule-settings", json=settings)
    assert patched.status_code == 200, patched.text
    return plan


async def test_s_curve_draws_the_projects_earned_value_curve(projects, reporting) -> None:
    plan = await _in_progress(projects)
    evm = (await projects.get(f"/v1/projects/{plan.id}/evm", params={"include": "curve"})).json()
    response = await reporting.get(f"/v1/projects/{plan.id}/charts/s-curve.svg")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    svg = response.content
    assert {"pv-curve", "ac-curve", "ev-curve", "bac-line", "status-date-line"} <= _ids(svg)
    assert _vertices(svg, "pv-curve") == len(evm["curve"])
    known = [p for p in evm["curve"] if p["ac"] is not None and p["date"] <= "2026-03-13"]
    assert 0 < _vertices(svg, "ac-curve") == len(known) < len(evm["curve"])
    assert "eac-projection" in _ids(svg)
    assert b"Curve project: earned value" in svg and b"(EUR)" in svg


async def test_a_status_date_is_passed_on(projects, reporting) -> None:
    plan = await _in_progress(projects)
    url = f"/v1/projects/{plan.id}/charts/s-curve.svg"
    early = (await reporting.get(url, params={"status_date": "2026-03-04"})).content
    late = (await reporting.get(url, params={"status_date": "2026-03-27"})).content
    assert early != late
    before_start = await reporting.get(url, params={"status_date": "2026-02-01"})
    assert before_start.status_code == 422
    assert before_start.headers["content-type"] == "application/problem+json"


async def test_a_project_without_baseline_draws_an_empty_chart(projects, reporting) -> None:
    code = f"NB-{uuid.uuid4().hex[:6]}"
    project = (await projects.post("/v1/projects", json={"code": code, "name": "No plan"})).json()
    response = await reporting.get(f"/v1/projects/{project['id']}/charts/s-curve.svg")
    assert response.status_code == 200, response.text
    ids = _ids(response.content)
    assert "pv-curve" not in ids and "bac-line" not in ids and "empty-note" in ids


async def test_unknown_project_is_a_404_problem(reporting) -> None:
    response = await reporting.get(f"/v1/projects/{uuid.uuid4()}/charts/s-curve.svg")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("handler", "status"), [(refused, 502), (unavailable, 503)])
async def test_projects_service_down_is_a_problem(
    database_urls, admin_token, handler, status
) -> None:
    async with reporting_with_upstreams(database_urls["reporting"], admin_token, handler) as http:
        response = await http.get(f"/v1/projects/{uuid.uuid4()}/charts/s-curve.svg")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
