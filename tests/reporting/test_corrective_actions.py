"""The action register through the API: proposals when a snapshot finds a project turned red
(once), the measured effect of an action across later snapshots, status transitions,
lessons learned from closed actions, and bad input that changes nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.reporting.main import create_app as create_reporting_app
from tests.projects.factories import auth, create_project
from tests.projects.forecasts.factories import FRIDAY, analyse, closed_form_plan
from tests.reporting.conftest import reporting_settings
from tests.reporting.plans import SPI, SPI_T, behind_plan, portfolio

DAY_ONE = datetime(2026, 3, 9, 18, tzinfo=UTC)
DAY_TWO = DAY_ONE + timedelta(days=1)
DAY_THREE = DAY_ONE + timedelta(days=2)
ACTIONS = "/v1/corrective-actions"


async def _take(reporting: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    answer = await reporting.post("/v1/snapshots", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def _actions(reporting: httpx.AsyncClient, project_id: str, **params: Any) -> list[dict]:
    answer = await reporting.get(f"/v1/projects/{project_id}/corrective-actions", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def _create(reporting: httpx.AsyncClient, project_id: str, **fields: Any) -> httpx.Response:
    body = {"project_id": project_id, "title": "Add a second crew to B", **fields}
    return await reporting.post(ACTIONS, json=body)


async def _progress(projects: httpx.AsyncClient, plan: dict[str, Any], percent: str) -> None:
    task = await projects.patch(f"/v1/tasks/{plan['b']['id']}", json={"percent_complete": percent})
    assert task.status_code == 200, task.text


async def test_a_red_project_gets_one_proposed_action(projects, reporting, clock) -> None:
    portfolio_id = await portfolio(projects)
    plan = await behind_plan(projects, portfolio_id)
    clock.moment = DAY_ONE
    await _take(reporting, portfolio_id=portfolio_id)
    [proposal] = await _actions(reporting, plan["id"])
    assert (proposal["status"], proposal["created_by"]) == ("proposed", "service:reporting")
    trigger = proposal["trigger"]
    assert (trigger["kind"], trigger["rag"], trigger["previous_rag"]) == ("health", "red", None)
    assert trigger["day"] == "2026-03-09"
    assert {r["metric"] for r in trigger["reasons"]} == {"spi", "spi_t"}
    # The proposal came with its corrective options being computed in the projects service.
    job = (await projects.get(f"/v1/jobs/{trigger['options_job_id']}")).json()
    assert (job["kind"], job["project_id"]) == ("corrective_options", plan["id"])
    before = proposal["effect"]["before"]
    assert (Decimal(before["spi"]), Decimal(before["spi_t"])) == (SPI, SPI_T)
    assert proposal["effect"]["after"] is None and proposal["effect"]["worked"] is None
    assert proposal["portfolio_id"] == portfolio_id

    # Taken again the same day, and the next day (still red): no second proposal.
    await _take(reporting, portfolio_id=portfolio_id)
    clock.moment = DAY_TWO
    await _take(reporting, project_ids=[plan["id"]])
    assert [a["id"] for a in await _actions(reporting, plan["id"])] == [proposal["id"]]
    listed = await reporting.get(
        f"/v1/portfolios/{portfolio_id}/corrective-actions", params={"status": "proposed"}
    )
    assert [a["id"] for a in listed.json()["items"]] == [proposal["id"]]
    none_open = await reporting.get(
        f"/v1/portfolios/{portfolio_id}/corrective-actions", params={"status": "open"}
    )
    assert none_open.json()["items"] == []


async def test_a_green_project_gets_no_proposal(projects, reporting, clock) -> None:
    project = await create_project(projects)
    clock.moment = DAY_ONE
    await _take(reporting, project_ids=[project["id"]])
    assert await _actions(reporting, project["id"]) == []


async def test_the_effect_compares_later_snapshots_with_the_action(
    projects, reporting, clock
) -> None:
    portfolio_id = await portfolio(projects)
    plan = await behind_plan(projects, portfolio_id)
    clock.moment = DAY_ONE
    await _take(reporting, portfolio_id=portfolio_id)
    [proposal] = await _actions(reporting, plan["id"])
    url = f"{ACTIONS}/{proposal['id']}"

    await _progress(projects, plan, "60")  # B catches up: SPI and SPI(t) rise
    clock.moment = DAY_TWO
    await _take(reporting, portfolio_id=portfolio_id)
    measured = await reporting.get(url)
    effect = measured.json()["effect"]
    assert effect["before"]["day"] == "2026-03-09" and effect["after"]["day"] == "2026-03-10"
    # Measuring is the service's own figure: the version a client holds still applies.
    assert measured.json()["version"] == proposal["version"]
    # It is audited and published all the same (a write the ORM's listener does not see).
    audited = await reporting.get(
        "/v1/audit-records",
        params={"entity_type": "corrective_actions", "entity_id": proposal["id"]},
    )
    records = [r for r in audited.json()["items"] if "effect" in r["changes"]]
    assert records and records[0]["changes"]["effect"]["new"] == effect, audited.text
    feed = await reporting.get("/v1/events", params={"project_id": plan["id"], "limit": 500})
    updates = [e for e in feed.json()["items"] if e["entity"]["id"] == proposal["id"]]
    assert any("effect" in e["data"]["changes"] for e in updates), updates
    assert Decimal(effect["after"]["spi"]) > SPI
    assert Decimal(effect["deltas"]["spi"]) == Decimal(effect["after"]["spi"]) - SPI
    assert Decimal(effect["deltas"]["spi_t"]) > 0
    assert Decimal(effect["deltas"]["critical_float_days"]) >= 0
    assert effect["deltas"]["p80_finish_days"] is None  # no risk analysis: no P80
    assert effect["worked"] is True

    await _progress(projects, plan, "10")  # B falls behind again: worse than before
    clock.moment = DAY_THREE
    await _take(reporting, portfolio_id=portfolio_id)
    effect = (await reporting.get(url)).json()["effect"]
    assert effect["after"]["day"] == "2026-03-11"
    assert Decimal(effect["deltas"]["spi"]) < 0 and effect["worked"] is False
    kept = await reporting.patch(
        url, json={"owner": "ops-lead"}, headers={"If-Match": f'"{proposal["version"]}"'}
    )
    assert kept.status_code == 200, kept.text


async def test_a_recorded_action_is_measured_from_the_latest_snapshot(
    projects, reporting, clock
) -> None:
    plan = await behind_plan(projects)
    clock.moment = DAY_ONE
    await _take(reporting, project_ids=[plan["id"]])
    created = await _create(reporting, plan["id"], owner="ops-lead", due_date="2026-03-20")
    assert created.status_code == 201, created.text
    action = created.json()
    assert created.headers["location"] == f"{ACTIONS}/{action['id']}"
    assert (action["status"], action["trigger"]["kind"], action["trigger"]["rag"]) == (
        "open",
        "manual",
        "red",
    )
    assert Decimal(action["effect"]["before"]["spi"]) == SPI
    await _progress(projects, plan, "60")
    clock.moment = DAY_TWO
    await _take(reporting, project_ids=[plan["id"]])
    read = (await reporting.get(f"{ACTIONS}/{action['id']}")).json()
    assert read["effect"]["worked"] is True and read["owner"] == "ops-lead"


async def test_statuses_move_only_along_the_allowed_transitions(projects, reporting) -> None:
    project = await create_project(projects)
    proposed = await _create(reporting, project["id"], status="proposed")
    assert proposed.status_code == 201, proposed.text
    url = f"{ACTIONS}/{proposed.json()['id']}"
    skipped = await reporting.patch(url, json={"status": "done"})
    assert skipped.status_code == 409 and skipped.json()["type"].endswith("invalid-transition")
    stale = await reporting.patch(url, json={"status": "open"}, headers={"if-match": '"9"'})
    assert stale.status_code == 412
    opened = await reporting.patch(
        url, json={"status": "open", "owner": "pm"}, headers={"if-match": proposed.headers["etag"]}
    )
    assert opened.status_code == 200, opened.text
    assert (opened.json()["status"], opened.json()["version"]) == ("open", 2)
    for status in ("in_progress", "done"):
        moved = await reporting.patch(url, json={"status": status})
        assert moved.status_code == 200, moved.text
    closed = await reporting.patch(url, json={"owner": "someone else"})
    assert closed.status_code == 409
    assert (await reporting.get(url)).json()["owner"] == "pm"


async def test_a_lesson_is_drawn_from_a_closed_action(projects, reporting, governance) -> None:
    project = await create_project(projects)
    action = (await _create(reporting, project["id"], description="Two crews on B")).json()
    url = f"{ACTIONS}/{action['id']}"
    body = {"recommendation": "Add the crew at the first amber", "tags": ["crashing"]}
    early = await reporting.post(f"{url}/lesson", json=body)
    assert early.status_code == 409
    assert early.headers["content-type"] == "application/problem+json"
    assert (await reporting.patch(url, json={"status": "done"})).status_code == 200
    created = await reporting.post(f"{url}/lesson", json=body)
    assert created.status_code == 201, created.text
    answer = created.json()
    assert answer["action"]["lesson_id"] == answer["lesson_id"]
    lesson = (await governance.get(f"/v1/lessons/{answer['lesson_id']}")).json()
    assert lesson["source_project_id"] == project["id"]
    assert lesson["title"] == action["title"] and "Two crews on B" in lesson["what_happened"]
    assert lesson["recommendation"] == body["recommendation"]
    assert set(lesson["tags"]) == {"crashing", "corrective-action"}
    assert (await reporting.post(f"{url}/lesson", json=body)).status_code == 409


async def test_bad_input_is_a_problem_and_writes_nothing(projects, reporting) -> None:
    project = await create_project(projects)
    unknown = await _create(reporting, str(uuid.uuid4()))
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    bad = [
        {"title": "Crew\u0000B"},
        {"title": ""},
        {"title": "x" * 201},
        {"status": "done"},
        {"status": "finished"},
        {"due_date": "someday"},
        {"colour": "red"},
    ]
    for fields in bad:
        answer = await _create(reporting, project["id"], **fields)
        assert answer.status_code == 422, (fields, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    assert await _actions(reporting, project["id"]) == []
    action = (await _create(reporting, project["id"])).json()
    url = f"{ACTIONS}/{action['id']}"
    for fields in ({"title": None}, {"owner": "a\u0000b"}, {"status": "shelved"}):
        answer = await reporting.patch(url, json=fields)
        assert answer.status_code == 422, (fields, answer.text)
    assert (await reporting.get(url)).json()["version"] == 1
    assert (await reporting.get(f"{ACTIONS}/{uuid.uuid4()}")).status_code == 404
    assert (await reporting.patch(f"{ACTIONS}/{uuid.uuid4()}", json={})).status_code == 404
    missing = await reporting.get(f"/v1/portfolios/{uuid.uuid4()}/corrective-actions")
    assert missing.status_code == 404


async def test_the_same_idempotency_key_records_one_action(projects, reporting) -> None:
    project = await create_project(projects)
    headers = {"idempotency-key": f"ca-{uuid.uuid4()}"}
    body = {"project_id": project["id"], "title": "Fast-track C"}
    first = await reporting.post(ACTIONS, json=body, headers=headers)
    again = await reporting.post(ACTIONS, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotency-replayed") == "true"
    assert len(await _actions(reporting, project["id"])) == 1


async def test_managers_pmo_and_admin_record_actions(projects, reporting, make_token) -> None:
    project = await create_project(projects)
    manager, member = make_token("member", sub="ca-mgr"), make_token("member", sub="ca-dev")
    for user, role in (("ca-mgr", "manager"), ("ca-dev", "member")):
        added = await projects.post(
            f"/v1/projects/{project['id']}/members", json={"user_id": user, "role": role}
        )
        assert added.status_code == 201, added.text
    body = {"project_id": project["id"], "title": "Re-plan"}
    assert (await reporting.post(ACTIONS, json=body, headers=auth(member))).status_code == 403
    by_manager = await reporting.post(ACTIONS, json=body, headers=auth(manager))
    assert by_manager.status_code == 201, by_manager.text
    url = f"{ACTIONS}/{by_manager.json()['id']}"
    assert (await reporting.get(url, headers=auth(member))).status_code == 200
    assert (await reporting.get(url, headers=auth(make_token("member")))).status_code == 404
    assert (
        await reporting.patch(url, json={"status": "cancelled"}, headers=auth(member))
    ).status_code == 403


async def test_a_p80_past_the_deadline_proposes_an_action(projects, reporting, clock) -> None:
    """The latest risk analysis's P80 finish (about 6.5 working days from Monday) misses
    the Friday deadline: the snapshot records it and the register gets a proposal."""
    plan, _, _ = await closed_form_plan(projects, deadline=FRIDAY)
    analysis = await analyse(projects, plan["id"], iterations=2000, seed=7)
    clock.moment = DAY_ONE
    await _take(reporting, project_ids=[plan["id"]])
    [snapshot] = (await reporting.get(f"/v1/projects/{plan['id']}/snapshots")).json()["items"]
    assert snapshot["p80_finish"] == analysis["p80_finish"] and analysis["p80_finish"] > FRIDAY
    assert Decimal(snapshot["deadline_probability"]) == Decimal(analysis["deadline_probability"])
    [proposal] = await _actions(reporting, plan["id"])
    trigger = proposal["trigger"]
    assert (trigger["kind"], trigger["deadline"]) == ("p80_late", FRIDAY)
    assert trigger["p80_finish"] == snapshot["p80_finish"]
    assert proposal["effect"]["before"]["p80_finish"] == snapshot["p80_finish"]
    clock.moment = DAY_TWO  # still late, and an action is open: no second proposal
    await _take(reporting, project_ids=[plan["id"]])
    assert len(await _actions(reporting, plan["id"])) == 1


class _ForecastsDown(httpx.AsyncBaseTransport):
    """The projects service, except that its risk forecasts answer 503."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/risk-forecasts":
            return httpx.Response(503, json={"title": "Service Unavailable", "status": 503})
        return await self.inner.handle_async_request(request)


async def test_snapshots_are_taken_when_the_forecasts_are_down(
    projects, projects_app, governance_app, database_urls, admin_token
) -> None:
    plan, _, _ = await closed_form_plan(projects, deadline=FRIDAY)
    assert (await analyse(projects, plan["id"], iterations=500, seed=3))["p80_finish"] is not None
    app = create_reporting_app(
        reporting_settings(database_urls),
        projects_transport=_ForecastsDown(projects_app),
        governance_transport=httpx.ASGITransport(app=governance_app),
    )
    transport = httpx.ASGITransport(app=app)
    headers = auth(admin_token)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as http,
    ):
        taken = await _take(http, project_ids=[plan["id"]])
        assert taken["projects"] == 1
        [snapshot] = (await http.get(f"/v1/projects/{plan['id']}/snapshots")).json()["items"]
    assert snapshot["p80_finish"] is None and snapshot["deadline_probability"] is None
