"""Health policies through the API: the default until one is set, versions that never
change, If-Match, validation, and who may change them."""

from __future__ import annotations

import asyncio
import uuid

import httpx


async def _portfolio(projects: httpx.AsyncClient) -> str:
    answer = await projects.post("/v1/portfolios", json={"name": f"Health {uuid.uuid4().hex[:6]}"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def test_a_portfolio_without_a_policy_reads_the_default(projects, reporting) -> None:
    portfolio_id = await _portfolio(projects)
    answer = await reporting.get(f"/v1/portfolios/{portfolio_id}/health-policy")
    assert answer.status_code == 200, answer.text
    assert answer.headers["etag"] == '"0"'
    policy = answer.json()
    assert (policy["version"], policy["is_default"], policy["id"]) == (0, True, None)
    assert policy["thresholds"]["spi"] == {"amber": "0.95", "red": "0.85"}
    assert policy["thresholds"]["overdue_milestones"] == {"amber": 0, "red": 2}
    assert policy["high_risk_score"] == 15 and policy["combine"] == "worst"
    assert len(policy["enabled_dimensions"]) == 7
    versions = await reporting.get(f"/v1/portfolios/{portfolio_id}/health-policy/versions")
    assert versions.json() == {"items": [], "next_cursor": None}


async def test_each_change_is_a_new_version_and_old_ones_stay(projects, reporting) -> None:
    portfolio_id = await _portfolio(projects)
    url = f"/v1/portfolios/{portfolio_id}/health-policy"
    first = await reporting.put(
        url,
        json={"thresholds": {"cpi": {"amber": "0.9", "red": "0.8"}}, "note": "looser cost"},
        headers={"if-match": '"0"'},
    )
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"1"'
    assert first.json()["thresholds"]["cpi"] == {"amber": "0.9", "red": "0.8"}
    assert first.json()["thresholds"]["spi"] == {"amber": "0.95", "red": "0.85"}  # default
    assert first.json()["created_by"] == "admin"
    second = await reporting.put(
        url,
        json={"combine": "count", "ambers_for_red": 2, "enabled_dimensions": ["cost", "risk"]},
        headers={"if-match": '"1"'},
    )
    assert second.status_code == 200, second.text
    current = (await reporting.get(url)).json()
    assert (current["version"], current["combine"], current["ambers_for_red"]) == (2, "count", 2)
    assert current["enabled_dimensions"] == ["cost", "risk"]
    versions = (await reporting.get(f"{url}/versions")).json()["items"]
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[1]["thresholds"]["cpi"] == {"amber": "0.9", "red": "0.8"}
    assert versions[1]["note"] == "looser cost"


async def test_versions_are_paged_newest_first(projects, reporting) -> None:
    portfolio_id = await _portfolio(projects)
    url = f"/v1/portfolios/{portfolio_id}/health-policy"
    for _ in range(3):
        assert (await reporting.put(url, json={})).status_code == 200
    page = (await reporting.get(f"{url}/versions", params={"limit": 2})).json()
    assert [v["version"] for v in page["items"]] == [3, 2]
    rest = await reporting.get(
        f"{url}/versions", params={"limit": 2, "cursor": page["next_cursor"]}
    )
    assert [v["version"] for v in rest.json()["items"]] == [1]
    assert rest.json()["next_cursor"] is None


async def test_a_stale_if_match_is_412_and_writes_nothing(projects, reporting) -> None:
    portfolio_id = await _portfolio(projects)
    url = f"/v1/portfolios/{portfolio_id}/health-policy"
    assert (await reporting.put(url, json={})).status_code == 200
    stale = await reporting.put(url, json={"high_risk_score": 20}, headers={"if-match": '"0"'})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert (await reporting.get(url)).json()["version"] == 1


async def test_thresholds_are_validated(projects, reporting) -> None:
    portfolio_id = await _portfolio(projects)
    url = f"/v1/portfolios/{portfolio_id}/health-policy"
    bad_bodies = [
        {"thresholds": {"spi": {"amber": "0.8", "red": "0.9"}}},  # red above amber: lower is worse
        {"thresholds": {"overdue_milestones": {"amber": 3, "red": 1}}},  # higher is worse
        {"thresholds": {"cpi": {"amber": 0.9, "red": "0.8"}}},  # a float
        {"thresholds": {"cpi": {"amber": "-1", "red": "-2"}}},
        {"thresholds": {"compliance_score": {"amber": "101", "red": "50"}}},
        {"thresholds": {"spi": {"amber": "1e400", "red": "0.8"}}},
        {"thresholds": {"velocity": {"amber": "1", "red": "2"}}},
        {"enabled_dimensions": []},
        {"enabled_dimensions": ["cost", "cost"]},
        {"enabled_dimensions": ["weather"]},
        {"combine": "count"},  # needs ambers_for_red
        {"combine": "worst", "ambers_for_red": 2},
        {"high_risk_score": 26},
        {"note": "x" * 2001},
    ]
    for body in bad_bodies:
        answer = await reporting.put(url, json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    assert (await reporting.get(url)).json()["version"] == 0


async def test_only_admin_and_pmo_change_a_policy(projects, reporting, make_token) -> None:
    portfolio_id = await _portfolio(projects)
    url = f"/v1/portfolios/{portfolio_id}/health-policy"
    for role in ("member", "executive"):
        headers = {"authorization": f"Bearer {make_token(role)}"}
        assert (await reporting.put(url, json={}, headers=headers)).status_code == 403
        assert (await reporting.get(url, headers=headers)).status_code == 200
    pmo = {"authorization": f"Bearer {make_token('pmo')}"}
    assert (await reporting.put(url, json={}, headers=pmo)).status_code == 200


async def test_an_unknown_portfolio_is_404(reporting) -> None:
    url = f"/v1/portfolios/{uuid.uuid4()}/health-policy"
    for answer in (
        await reporting.get(url),
        await reporting.put(url, json={}),
        await reporting.get(f"{url}/versions"),
    ):
        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"


async def test_concurrent_changes_take_consecutive_versions(projects, reporting) -> None:
    portfolio_id = await _portfolio(projects)
    url = f"/v1/portfolios/{portfolio_id}/health-policy"
    answers = await asyncio.gather(*(reporting.put(url, json={}) for _ in range(4)))
    assert sorted(a.json()["version"] for a in answers) == [1, 2, 3, 4]
