"""Corrective options through GraphQL over the real projects service (with its queue worker):
propose them, poll the job, read Project.correctiveOptions, apply the best; userErrors for a
stale or applied option and unknown ids."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from typing import Any

import httpx

from tests.gateway.conftest import Gateway

PROPOSE = """
mutation($projectId: ID!) {
  proposeCorrectiveOptions(projectId: $projectId) {
    job { id state kind } userErrors { field message }
  }
}
"""
OPTIONS = """
query($jobId: ID!, $projectId: ID!) {
  job(id: $jobId) { state error }
  project(id: $projectId) {
    correctiveOptions { id kind rank title finishGainDays costDelta addedRiskDays taskIds
                        stale changeRequestId planChanges }
  }
}
"""
APPLY = """
mutation($id: ID!) {
  applyCorrectiveOption(id: $id) {
    changeRequest { id status scheduleImpactDays } userErrors { field message }
  }
}
"""


async def _ok(http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = await http.post(path, json=body)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def _chain(http: httpx.AsyncClient) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A (4 d) -> B (4 d) from Monday 2027-01-04: finish Thu 14th."""
    body = {"code": f"CO-{secrets.token_hex(4)}", "name": "Options", "start_date": "2027-01-04"}
    project = await _ok(http, "/v1/projects", body)
    tasks = [
        await _ok(http, f"/v1/projects/{project['id']}/tasks", {"name": n, "duration_days": "4"})
        for n in ("A", "B")
    ]
    link = {"predecessor_id": tasks[0]["id"], "successor_id": tasks[1]["id"]}
    await _ok(http, f"/v1/projects/{project['id']}/dependencies", link)
    return project, tasks


async def _options(gateway: Gateway, job_id: str, project_id: str) -> list[dict[str, Any]]:
    for _ in range(600):
        answer = await gateway.query(OPTIONS, {"jobId": job_id, "projectId": project_id})
        assert "errors" not in answer, answer
        if answer["data"]["job"]["state"] not in ("QUEUED", "RUNNING"):
            assert answer["data"]["job"]["state"] == "SUCCEEDED", answer
            return list(answer["data"]["project"]["correctiveOptions"])
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


async def test_options_are_proposed_read_and_applied(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    """Fast-tracking A -> B by half of A (2 d) gains 2 working days."""
    project, tasks = await _chain(projects_http)
    queued = await gateway.query(PROPOSE, {"projectId": project["id"]})
    payload = queued["data"]["proposeCorrectiveOptions"]
    assert payload["userErrors"] == [] and payload["job"]["kind"] == "corrective_options"
    [option] = await _options(gateway, payload["job"]["id"], project["id"])
    assert (option["kind"], option["rank"], option["finishGainDays"]) == ("fast_track", 1, 2.0)
    assert option["costDelta"] == "0.00" and option["stale"] is False
    assert set(option["taskIds"]) == {t["id"] for t in tasks}
    assert option["addedRiskDays"] > 0
    assert option["planChanges"][0]["to"] == {"type": "SS", "lag_days": "2.00"}
    applied = await gateway.query(APPLY, {"id": option["id"]})
    change = applied["data"]["applyCorrectiveOption"]
    assert change["userErrors"] == [], applied
    assert change["changeRequest"]["status"] == "submitted"
    assert change["changeRequest"]["scheduleImpactDays"] == -2.0
    again = await gateway.query(APPLY, {"id": option["id"]})
    refused = again["data"]["applyCorrectiveOption"]
    assert refused["changeRequest"] is None
    assert [e["field"] for e in refused["userErrors"]] == ["id"]


async def test_bad_and_unknown_ids(gateway: Gateway) -> None:
    """A malformed id is a userError; an unknown one a NOT_FOUND error, as for the other
    mutations."""
    malformed = await gateway.query(APPLY, {"id": "not-an-id"})
    assert malformed["data"]["applyCorrectiveOption"]["userErrors"][0]["field"] == "id"
    bad = await gateway.query(PROPOSE, {"projectId": "nope"})
    assert bad["data"]["proposeCorrectiveOptions"]["userErrors"][0]["field"] == "projectId"
    nobody = str(uuid.uuid4())
    for query, variables in ((PROPOSE, {"projectId": nobody}), (APPLY, {"id": nobody})):
        answer = await gateway.query(query, variables)
        assert answer["data"] is None, answer
        assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND", answer


POLICY = """
query($id: ID!) {
  portfolio(id: $id) {
    correctivePolicy { portfolioId isDefault version maxFastTrackOverlapPercent
                       maxOptionsPerKind ranking crashMaxExtraUnits allowedKinds }
  }
}
"""
SET_POLICY = """
mutation($input: SetCorrectivePolicyInput!) {
  setCorrectivePolicy(input: $input) {
    policy { version isDefault maxFastTrackOverlapPercent maxOptionsPerKind ranking
             crashMaxExtraUnits allowedKinds }
    userErrors { field message code }
  }
}
"""
ALL_KINDS = ["CRASH", "FAST_TRACK", "REMOVE_LAG", "CUT_SCOPE", "MOVE_DEADLINE"]


async def test_corrective_policy_is_read_and_replaced(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    """The defaults (version 0), a replacement (fields not sent take the defaults), and a
    stale expectedVersion or a bad value as userErrors that change nothing."""
    portfolio = await _ok(projects_http, "/v1/portfolios", {"name": "Policy"})
    read = await gateway.query(POLICY, {"id": portfolio["id"]})
    assert read["data"]["portfolio"]["correctivePolicy"] == {
        "portfolioId": portfolio["id"],
        "isDefault": True,
        "version": 0,
        "maxFastTrackOverlapPercent": 50,
        "maxOptionsPerKind": 3,
        "ranking": "DAYS_PER_COST",
        "crashMaxExtraUnits": "1.0",
        "allowedKinds": ALL_KINDS,
    }
    change = {
        "portfolioId": portfolio["id"],
        "expectedVersion": 0,
        "maxFastTrackOverlapPercent": 30,
        "ranking": "DAYS_GAINED",
        "crashMaxExtraUnits": "0.5",
        "allowedKinds": ["FAST_TRACK", "REMOVE_LAG"],
    }
    set_ = (await gateway.query(SET_POLICY, {"input": change}))["data"]["setCorrectivePolicy"]
    assert set_["userErrors"] == []
    assert set_["policy"] == {
        "version": 1,
        "isDefault": False,
        "maxFastTrackOverlapPercent": 30,
        "maxOptionsPerKind": 3,
        "ranking": "DAYS_GAINED",
        "crashMaxExtraUnits": "0.5",
        "allowedKinds": ["FAST_TRACK", "REMOVE_LAG"],
    }
    stale = await gateway.query(SET_POLICY, {"input": {**change, "maxOptionsPerKind": 5}})
    [error] = stale["data"]["setCorrectivePolicy"]["userErrors"]
    assert (error["field"], error["code"]) == ("expectedVersion", "STALE")
    bad = {**change, "expectedVersion": 1, "maxFastTrackOverlapPercent": 101}
    refused = (await gateway.query(SET_POLICY, {"input": bad}))["data"]["setCorrectivePolicy"]
    assert refused["policy"] is None
    assert [e["field"] for e in refused["userErrors"]] == ["maxFastTrackOverlapPercent"]
    after = await gateway.query(POLICY, {"id": portfolio["id"]})
    assert after["data"]["portfolio"]["correctivePolicy"]["version"] == 1
    assert after["data"]["portfolio"]["correctivePolicy"]["maxOptionsPerKind"] == 3
