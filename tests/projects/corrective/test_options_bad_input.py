"""Corrective options asked wrongly, or by callers who may not: problem+json, and nothing
queued, raised or changed."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.projects.models import Job
from tests.projects.corrective.factories import chain, of_kind, propose
from tests.projects.factories import auth, create_portfolio

PROBLEM = "application/problem+json"


async def _jobs_of(app: FastAPI, project_id: str) -> int:
    async with app.state.sessionmaker() as session:
        query = select(func.count()).select_from(Job).where(Job.project_id == project_id)
        return int((await session.execute(query)).scalar_one())


async def test_unknown_ids_are_404(http: httpx.AsyncClient) -> None:
    nobody = uuid.uuid4()
    for method, path in (
        ("POST", f"/v1/projects/{nobody}/corrective-options"),
        ("GET", f"/v1/projects/{nobody}/corrective-options"),
        ("GET", f"/v1/corrective-options/{nobody}"),
        ("POST", f"/v1/corrective-options/{nobody}/apply"),
        ("GET", f"/v1/portfolios/{nobody}/corrective-policy"),
        ("PUT", f"/v1/portfolios/{nobody}/corrective-policy"),
    ):
        answer = await http.request(method, path, json={} if method == "PUT" else None)
        assert answer.status_code == 404, (path, answer.text)
        assert answer.headers["content-type"] == PROBLEM


async def test_a_project_without_options_lists_none(http: httpx.AsyncClient) -> None:
    project, _, _ = await chain(http, ["1"])
    listed = await http.get(f"/v1/projects/{project['id']}/corrective-options")
    assert listed.status_code == 200
    assert listed.json()["items"] == [] and listed.json()["job_id"] is None
    bad = await http.get(f"/v1/projects/{project['id']}/corrective-options?job_id=nope")
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM


async def test_bad_policies_are_422_and_keep_the_old_one(http: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(http, currency="EUR")
    path = f"/v1/portfolios/{portfolio['id']}/corrective-policy"
    bad: list[dict[str, Any]] = [
        {"max_fast_track_overlap_percent": 150},
        {"max_fast_track_overlap_percent": -1},
        {"max_options_per_kind": 0},
        {"ranking": "cheapest"},
        {"crash_max_extra_units": "0"},
        {"crash_max_extra_units": "11"},
        {"allowed_kinds": ["crash", "crash"]},
        {"allowed_kinds": ["teleport"]},
        {"surprise": True},
    ]
    for body in bad:
        answer = await http.put(path, json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.headers["content-type"] == PROBLEM
    after = (await http.get(path)).json()
    assert after["is_default"] is True and after["version"] == 0


async def test_who_may_ask_and_apply(
    http: httpx.AsyncClient, projects_app: FastAPI, make_token: Any
) -> None:
    project, _, _ = await chain(http, ["4", "4"])
    stranger = auth(make_token("member"))
    path = f"/v1/projects/{project['id']}/corrective-options"
    assert (await http.post(path, headers=stranger)).status_code == 404
    assert (await http.get(path, headers=stranger)).status_code == 404
    assert await _jobs_of(projects_app, project["id"]) == 0
    [option] = of_kind(await propose(http, project), "fast_track")
    assert (
        await http.get(f"/v1/corrective-options/{option['id']}", headers=stranger)
    ).status_code == 404
    executive = auth(make_token("executive"))  # reads everything, changes nothing
    assert (
        await http.get(f"/v1/corrective-options/{option['id']}", headers=executive)
    ).status_code == 200
    refused = await http.post(f"/v1/corrective-options/{option['id']}/apply", headers=executive)
    assert refused.status_code in (403, 404), refused.text
    policy = f"/v1/portfolios/{(await create_portfolio(http))['id']}/corrective-policy"
    assert (await http.put(policy, json={}, headers=executive)).status_code == 403
    changes = await http.get(f"/v1/projects/{project['id']}/change-requests")
    assert changes.json()["items"] == []
