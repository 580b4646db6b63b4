"""Project events pushed to reporting (POST /v1/inbound/project-events): verified per
Standard Webhooks, applied once per webhook-id, and a project's snapshot refreshed by them,
a burst coalesced into one refresh."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.reporting.inbound import repository as inbound_repository
from services.reporting.main import create_app as create_reporting_app
from shared.events.signing import generate_secret, sign_headers
from tests.reporting.conftest import reporting_settings
from tests.reporting.plans import behind_plan, portfolio

SECRET = generate_secret()
PATH = "/v1/inbound/project-events"
WINDOW = 0.5


@pytest.fixture(scope="module")
async def events_app(
    database_urls: dict[str, str], projects_app: FastAPI, governance_app: FastAPI
) -> AsyncIterator[FastAPI]:
    settings = reporting_settings(database_urls).model_copy(
        update={"events_secret": SECRET, "events_coalesce_seconds": WINDOW}
    )
    app = create_reporting_app(
        settings,
        projects_transport=httpx.ASGITransport(app=projects_app),
        governance_transport=httpx.ASGITransport(app=governance_app),
    )
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def inbound(events_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=events_app),
        base_url="http://test",
        headers={"authorization": f"Bearer {admin_token}"},
    ) as http:
        yield http


def event(project_id: str, kind: str = "task.updated", event_id: str | None = None) -> dict:
    return {
        "id": event_id or str(uuid.uuid4()),
        "type": kind,
        "service": "projects",
        "occurred_at": datetime.now(UTC).isoformat(),
        "entity": {"type": kind.split(".")[0], "id": str(uuid.uuid4())},
        "project_id": project_id,
        "portfolio_id": None,
        "actor": "someone",
        "data": {"name": "Renamed"},
    }


async def send(
    http: httpx.AsyncClient,
    body: dict[str, Any],
    *,
    secret: str | None = SECRET,
    at: datetime | None = None,
) -> httpx.Response:
    raw = json.dumps(body).encode()
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers |= sign_headers([secret], body["id"], raw, at=at)
    # No bearer token: the signature is the credential.
    return await http.post(PATH, content=raw, headers={**headers, "authorization": ""})


async def snapshots(http: httpx.AsyncClient, project_id: str) -> list[dict]:
    answer = await http.get(f"/v1/projects/{project_id}/snapshots")
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def until_snapshot(http: httpx.AsyncClient, project_id: str, after: str = "") -> dict:
    for _ in range(100):
        taken = [s for s in await snapshots(http, project_id) if s["taken_at"] > after]
        if taken:
            return taken[-1]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no snapshot of {project_id} was taken")


async def test_a_signed_event_refreshes_the_projects_snapshot(projects, inbound) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    assert await snapshots(inbound, plan["id"]) == []
    answer = await send(inbound, event(plan["id"]))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"duplicate": False, "refresh": True}
    taken = await until_snapshot(inbound, plan["id"])
    assert taken["overall"] in {"red", "amber", "green"}


async def test_bad_signatures_are_401_and_refresh_nothing(projects, inbound, events_app) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    body = event(plan["id"])
    unsigned = await send(inbound, body, secret=None)
    wrong = await send(inbound, body, secret=generate_secret())
    replayed = await send(inbound, body, at=datetime.now(UTC) - timedelta(minutes=6))
    tampered_raw = json.dumps({**body, "project_id": str(uuid.uuid4())}).encode()
    tampered = await inbound.post(
        PATH,
        content=tampered_raw,
        headers=sign_headers([SECRET], body["id"], json.dumps(body).encode())
        | {"content-type": "application/json"},
    )
    for answer in (unsigned, wrong, replayed, tampered):
        assert answer.status_code == 401, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"].endswith("/webhook-signature-invalid")
        assert answer.headers["www-authenticate"].startswith("Webhook-Signature")
    await asyncio.sleep(WINDOW * 3)
    assert await snapshots(inbound, plan["id"]) == []
    # Nothing was recorded either: the same id, signed, is new.
    accepted = await send(inbound, body)
    assert accepted.json() == {"duplicate": False, "refresh": True}


async def test_a_redelivered_event_is_applied_once(projects, inbound, events_app) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    body = event(plan["id"])
    assert (await send(inbound, body)).json()["duplicate"] is False
    first = await until_snapshot(inbound, plan["id"])
    requested = events_app.state.event_refresher.requested
    again = await send(inbound, body)  # a retry: signed again, same webhook-id
    assert again.status_code == 200
    assert again.json() == {"duplicate": True, "refresh": False}
    await asyncio.sleep(WINDOW * 3)
    assert events_app.state.event_refresher.requested == requested
    assert [s["taken_at"] for s in await snapshots(inbound, plan["id"])] == [first["taken_at"]]


async def test_a_burst_of_events_refreshes_once(projects, inbound, events_app) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    refresher = events_app.state.event_refresher
    before = refresher.refreshes
    kinds = ["task.updated", "dependency.created", "risk.updated", "baseline.created"] * 3
    answers = await asyncio.gather(*(send(inbound, event(plan["id"], k)) for k in kinds))
    assert {a.json()["refresh"] for a in answers} == {True}
    await until_snapshot(inbound, plan["id"])
    await asyncio.sleep(WINDOW * 2)
    assert refresher.refreshes - before == 1
    print(f"\nburst: {len(kinds)} events, {refresher.refreshes - before} refresh")


async def test_events_that_measure_nothing_do_not_refresh(projects, inbound) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    for kind in ("calendar.updated", "project_member.created", "corrective_option.created"):
        answer = await send(inbound, event(plan["id"], kind))
        assert answer.json() == {"duplicate": False, "refresh": False}, kind
    await asyncio.sleep(WINDOW * 3)
    assert await snapshots(inbound, plan["id"]) == []


async def test_an_archived_projects_event_refreshes_nothing_and_fails_nothing(
    projects, inbound, events_app
) -> None:
    """Reporting reads projects as itself (read-all, not admin/pmo): an archived project is
    gone for it, and the refresh its project.archived event asks for leaves it out."""
    plan = await behind_plan(projects, await portfolio(projects))
    assert (await projects.delete(f"/v1/projects/{plan['id']}")).status_code == 204
    before = events_app.state.event_refresher.refreshes
    answer = await send(inbound, event(plan["id"], "project.archived"))
    assert answer.json() == {"duplicate": False, "refresh": True}
    await asyncio.sleep(WINDOW * 3)
    assert events_app.state.event_refresher.refreshes == before + 1
    assert await snapshots(inbound, plan["id"]) == []


@asynccontextmanager
async def reporting_on(
    database_urls: dict[str, str], projects_app: FastAPI, governance_app: FastAPI, window: float
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """A reporting process of its own on the shared reporting database."""
    settings = reporting_settings(database_urls).model_copy(
        update={"events_secret": SECRET, "events_coalesce_seconds": window}
    )
    app = create_reporting_app(
        settings,
        projects_transport=httpx.ASGITransport(app=projects_app),
        governance_transport=httpx.ASGITransport(app=governance_app),
    )
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield app, http


async def _pending(app: FastAPI) -> set[uuid.UUID]:
    async with app.state.sessionmaker() as session:
        return set(await inbound_repository.pending(session))


async def test_a_refresh_asked_for_before_a_restart_is_taken_after_it(
    database_urls, projects_app, governance_app, projects, admin_token
) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    project_id = uuid.UUID(plan["id"])
    body = event(plan["id"])
    # This process would coalesce for five minutes: it stops with the refresh not taken.
    async with reporting_on(database_urls, projects_app, governance_app, 300.0) as (first, http):
        answer = await send(http, body)
        assert answer.json() == {"duplicate": False, "refresh": True}
    assert first.state.event_refresher.refreshes == 0
    assert project_id in await _pending(first)
    # The sender's redelivery would now be a duplicate: only the pending row remembers.
    async with reporting_on(database_urls, projects_app, governance_app, WINDOW) as (app, http):
        assert (await send(http, body)).json() == {"duplicate": True, "refresh": False}
        http.headers["authorization"] = f"Bearer {admin_token}"
        taken = await until_snapshot(http, plan["id"])
        assert taken["overall"] in {"red", "amber", "green"}
        for _ in range(100):
            if project_id not in await _pending(app):
                break
            await asyncio.sleep(0.05)
        assert project_id not in await _pending(app)  # done: the next start refreshes nothing
