"""Daily snapshots through the API: one row per project per day, taken again the same day
it is replaced, earlier days never rewritten (a policy change leaves them as they were),
and trends drawn from them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from tests.projects.factories import auth, create_project
from tests.reporting.plans import CPI, SPI, behind_plan, portfolio

YESTERDAY = datetime(2026, 3, 9, 18, tzinfo=UTC)
TODAY = datetime(2026, 3, 10, 9, tzinfo=UTC)


async def _take(reporting: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    answer = await reporting.post("/v1/snapshots", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def _snapshots(reporting: httpx.AsyncClient, project_id: str, **params: Any) -> list[dict]:
    answer = await reporting.get(f"/v1/projects/{project_id}/snapshots", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_yesterdays_snapshot_keeps_its_colour_after_a_policy_change(
    projects, reporting, clock
) -> None:
    """The acceptance point: snapshot yesterday, change the policy, and today's health and
    snapshot show the new colour while yesterday's keeps the old one and its policy."""
    portfolio_id = await portfolio(projects)
    plan = await behind_plan(projects, portfolio_id)
    clock.moment = YESTERDAY
    taken = await _take(reporting, portfolio_id=portfolio_id)
    assert (taken["day"], taken["projects"], taken["created"], taken["replaced"]) == (
        "2026-03-09",
        1,
        1,
        0,
    )
    lenient = {
        "thresholds": {
            "spi": {"amber": "0.75", "red": "0.6"},
            "spi_t": {"amber": "0.85", "red": "0.7"},
            "cpi": {"amber": "0.9", "red": "0.8"},
        }
    }
    assert (
        await reporting.put(f"/v1/portfolios/{portfolio_id}/health-policy", json=lenient)
    ).status_code == 200
    clock.moment = TODAY
    health = (await reporting.get(f"/v1/projects/{plan['id']}/health")).json()
    assert (health["overall"], health["policy"]["version"]) == ("amber", 1)
    await _take(reporting, project_ids=[plan["id"]])

    days = await _snapshots(reporting, plan["id"], **{"from": "2026-03-01", "to": "2026-03-10"})
    assert [(s["day"], s["overall"], s["policy"]["version"]) for s in days] == [
        ("2026-03-09", "red", 0),
        ("2026-03-10", "amber", 1),
    ]
    yesterday = days[0]
    assert Decimal(yesterday["spi"]) == SPI and Decimal(yesterday["cpi"]) == CPI
    assert {r["metric"] for r in yesterday["overall_reasons"]} == {"spi", "spi_t"}
    assert all(r["policy_version"] == 0 for r in yesterday["overall_reasons"])
    assert yesterday["taken_at"].startswith("2026-03-09T18:00")
    assert Decimal(yesterday["evm"]["bac"]) == Decimal("31000")


async def test_taking_it_again_the_same_day_replaces_that_days_row(
    projects, reporting, clock
) -> None:
    portfolio_id = await portfolio(projects)
    plan = await behind_plan(projects, portfolio_id)
    other = await create_project(projects, portfolio_id=portfolio_id)
    clock.moment = TODAY
    first = await _take(reporting, portfolio_id=portfolio_id)
    assert (first["projects"], first["created"], first["replaced"]) == (2, 2, 0)
    body = {
        "rag": "amber",
        "justification": "Agreed",
        "expires_at": (TODAY + timedelta(days=3)).isoformat(),
    }
    assert (
        await reporting.post(f"/v1/projects/{plan['id']}/health-overrides", json=body)
    ).status_code == 201
    clock.moment = TODAY + timedelta(hours=5)
    again = await _take(reporting, portfolio_id=portfolio_id)
    assert (again["projects"], again["created"], again["replaced"]) == (2, 0, 2)
    [row] = await _snapshots(reporting, plan["id"], **{"from": "2026-03-10", "to": "2026-03-10"})
    assert (row["overall"], row["effective"]) == ("red", "amber")
    assert row["override_id"] is not None
    assert row["taken_at"].startswith("2026-03-10T14:00")
    [plain] = await _snapshots(reporting, other["id"], **{"from": "2026-03-10", "to": "2026-03-10"})
    # A project with no plan: its figures are missing, its colour comes from what is known.
    assert plain["spi"] is None and plain["overall"] == "green"


async def test_trends_are_drawn_from_the_snapshots(projects, reporting, clock) -> None:
    plan = await behind_plan(projects)
    for day in (1, 2, 4):
        clock.moment = datetime(2026, 4, day, 12, tzinfo=UTC)
        await _take(reporting, project_ids=[plan["id"]])
    url = f"/v1/projects/{plan['id']}/trend"
    spi = (
        await reporting.get(url, params={"metric": "spi", "from": "2026-04-01", "to": "2026-04-30"})
    ).json()
    assert [p["date"] for p in spi["points"]] == ["2026-04-01", "2026-04-02", "2026-04-04"]
    assert {Decimal(p["value"]) for p in spi["points"]} == {SPI}
    assert (spi["metric"], spi["from_date"], spi["to_date"]) == ("spi", "2026-04-01", "2026-04-30")
    expected = {
        "cpi": CPI,
        "float": Decimal(3),
        "open_risks": Decimal(0),
        "eac": Decimal("31000") / CPI,
    }
    for metric, value in expected.items():
        trend = (
            await reporting.get(
                url, params={"metric": metric, "from": "2026-04-02", "to": "2026-04-02"}
            )
        ).json()
        [point] = trend["points"]
        assert abs(Decimal(point["value"]) - value) < Decimal("0.05"), (metric, point)
    compliance = (
        await reporting.get(url, params={"metric": "compliance_score", "to": "2026-04-04"})
    ).json()
    assert [p["value"] for p in compliance["points"]] == [None, None, None]
    clock.moment = datetime(2026, 4, 4, 12, tzinfo=UTC)
    default_range = (await reporting.get(url, params={"metric": "spi"})).json()
    assert (default_range["from_date"], default_range["to_date"]) == ("2026-01-04", "2026-04-04")
    assert len(default_range["points"]) == 3


async def test_snapshot_lists_are_paged_oldest_first(projects, reporting, clock) -> None:
    project = await create_project(projects)
    for day in range(1, 6):
        clock.moment = datetime(2026, 5, day, 12, tzinfo=UTC)
        await _take(reporting, project_ids=[project["id"]])
    url = f"/v1/projects/{project['id']}/snapshots"
    span = {"from": "2026-05-01", "to": "2026-05-31", "limit": 2}
    pages, cursor = [], None
    while True:
        answer = (
            await reporting.get(url, params={**span, **({"cursor": cursor} if cursor else {})})
        ).json()
        pages.append([s["day"][-2:] for s in answer["items"]])
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    assert pages == [["01", "02"], ["03", "04"], ["05"]]


async def test_unreadable_projects_are_reported_missing(projects, reporting, clock) -> None:
    plan = await behind_plan(projects)
    unknown = str(uuid.uuid4())
    taken = await _take(reporting, project_ids=[plan["id"], unknown, plan["id"]])
    assert (taken["projects"], taken["missing"]) == (1, [unknown])


async def test_bad_requests_are_problems_and_write_nothing(
    projects, reporting, make_token, clock
) -> None:
    project = await create_project(projects)
    bad = [
        {},
        {"portfolio_id": str(uuid.uuid4()), "project_ids": [project["id"]]},
        {"project_ids": []},
        {"project_ids": ["not-a-uuid"]},
        {"project_ids": [str(uuid.uuid4()) for _ in range(1001)]},
    ]
    for body in bad:
        answer = await reporting.post("/v1/snapshots", json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    unknown_portfolio = await reporting.post(
        "/v1/snapshots", json={"portfolio_id": str(uuid.uuid4())}
    )
    assert unknown_portfolio.status_code == 404
    as_member = await reporting.post(
        "/v1/snapshots", json={"project_ids": [project["id"]]}, headers=auth(make_token("member"))
    )
    assert as_member.status_code == 403
    assert (
        await _snapshots(reporting, project["id"], **{"from": "2020-01-01", "to": "2029-01-01"})
        == []
    )
    url = f"/v1/projects/{project['id']}"
    for path, params in (
        ("/snapshots", {"from": "2026-02-02", "to": "2026-02-01"}),
        ("/snapshots", {"from": "2000-01-01", "to": "2026-02-01"}),
        ("/trend", {"metric": "velocity"}),
        ("/trend", {}),
    ):
        answer = await reporting.get(url + path, params=params)
        assert answer.status_code == 422, (path, params, answer.text)
    assert (
        await reporting.get(f"/v1/projects/{uuid.uuid4()}/trend", params={"metric": "spi"})
    ).status_code == 404
    stranger = auth(make_token("member"))
    assert (await reporting.get(f"{url}/snapshots", headers=stranger)).status_code == 404


async def test_the_same_idempotency_key_replays_the_answer(projects, reporting, clock) -> None:
    project = await create_project(projects)
    headers = {"idempotency-key": f"snap-{uuid.uuid4().hex}"}
    body = {"project_ids": [project["id"]]}
    first = await reporting.post("/v1/snapshots", json=body, headers=headers)
    replay = await reporting.post("/v1/snapshots", json=body, headers=headers)
    assert replay.headers.get("idempotency-replayed") == "true"
    assert replay.json() == first.json()


async def test_trends_of_many_projects_in_one_read(projects, reporting, make_token, clock) -> None:
    plan = await behind_plan(projects)
    empty = await create_project(projects)
    for day in (7, 8):
        clock.moment = datetime(2026, 6, day, 12, tzinfo=UTC)
        await _take(reporting, project_ids=[plan["id"], empty["id"]])
    ids = [empty["id"], str(uuid.uuid4()), plan["id"]]
    params = {
        "project_ids": ",".join(ids),
        "metric": "spi",
        "from": "2026-06-01",
        "to": "2026-06-30",
    }
    answer = await reporting.get("/v1/project-trends", params=params)
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [t["project_id"] for t in items] == [empty["id"], plan["id"]]
    assert [p["value"] for p in items[0]["points"]] == [None, None]
    assert [Decimal(p["value"]) for p in items[1]["points"]] == [SPI, SPI]
    hidden = await reporting.get(
        "/v1/project-trends", params=params, headers=auth(make_token("member"))
    )
    assert hidden.json() == {"items": []}


async def test_first_pages_of_many_projects_continue_in_each_list(
    projects, reporting, make_token, clock
) -> None:
    first, second = (await create_project(projects))["id"], (await create_project(projects))["id"]
    for day in (1, 2, 3):
        clock.moment = datetime(2026, 7, day, 12, tzinfo=UTC)
        await _take(reporting, project_ids=[first] + ([second] if day == 2 else []))
    span = {"from": "2026-07-01", "to": "2026-07-31"}
    ids = ",".join([first, str(uuid.uuid4()), second])
    answer = await reporting.get(
        "/v1/snapshots/first-pages", params={"project_ids": ids, "limit": 2, **span}
    )
    assert answer.status_code == 200, answer.text
    pages = answer.json()["items"]
    assert [p["project_id"] for p in pages] == ids.split(",")
    assert [s["day"] for s in pages[0]["items"]] == ["2026-07-01", "2026-07-02"]
    assert (pages[1]["items"], pages[1]["next_cursor"]) == ([], None)
    assert ([s["day"] for s in pages[2]["items"]], pages[2]["next_cursor"]) == (
        ["2026-07-02"],
        None,
    )
    rest = await reporting.get(
        f"/v1/projects/{first}/snapshots", params={"cursor": pages[0]["next_cursor"], **span}
    )
    assert [s["day"] for s in rest.json()["items"]] == ["2026-07-03"]
    hidden = await reporting.get(
        "/v1/snapshots/first-pages",
        params={"project_ids": first, **span},
        headers=auth(make_token("member")),
    )
    assert hidden.json()["items"] == [{"project_id": first, "items": [], "next_cursor": None}]
