"""Steering a late project back on track, end to end through the gateway over the real
processes (issue 12's acceptance): a project whose status date shows it late is red; a
snapshot proposes a corrective action in the register with the health reasons; a risk
analysis gives its P80 finish, which the snapshot records; the engine's options list a
fast-track with its computed gain; applying it raises a change request; approving that
makes the critical path shorter by exactly the predicted working days; the proposed action,
opened with the option and the change request, gets its measured effect from the next
snapshot.

The plan (Monday-to-Friday calendar, from Monday 6 January 2025), a chain of FS links:
Design 5 d (5,000: 6-10 January), Build 10 d (20,000: 13-24 January), Test 4 d (4,000:
27-30 January; three-point estimate 3/4/7 days, triangular), Deploy 2 d (2,000: 31 January
- 3 February). Baseline 0 on that plan; status date Friday 17 January with Design done and
Build 30 % done: PV 15,000, EV 11,000, SPI 0.733 and SPI(t) 0.8, both below the default
policy's red threshold 0.85: schedule RED, overall RED. The 7 days of Build left go after
the status date (20-28 January), so Test runs 29 January - 3 February and Deploy 4-5
February: finish Wednesday 5 February.

Fast-track: the only FS link between unstarted tasks on the driving path is Test -> Deploy;
the default policy lets Deploy overlap 50 % of Test (2 d): SS with lag 4 - 2 = 2 d, so
Deploy runs 31 January - 3 February beside Test and the finish moves to Monday 3 February:
2 working days earlier.
"""

from __future__ import annotations

import secrets
import time
from datetime import date
from typing import Any

import numpy as np
import pytest

from tests.e2e.conftest import GraphQL
from tests.gateway.conftest import uuid_of

pytestmark = pytest.mark.e2e

BEFORE, AFTER = "2025-02-05", "2025-02-03"
PORTFOLIO = """
mutation ($name: String!) {
  createPortfolio(input: {name: $name, currency: "EUR"}) {
    portfolio { id } userErrors { field message }
  }
}
"""
PROJECT = """
mutation ($input: CreateProjectInput!) {
  createProject(input: $input) { project { id } userErrors { field message } }
}
"""
TASK = """
mutation ($input: AddTaskInput!) {
  addTask(input: $input) { task { id version } userErrors { field message } }
}
"""
UPDATE_TASK = """
mutation ($input: UpdateTaskInput!) {
  updateTask(input: $input) { task { id } userErrors { field message } }
}
"""
LINK = """
mutation ($input: AddDependencyInput!) {
  addDependency(input: $input) { dependency { type } userErrors { field message } }
}
"""
BASELINE = """
mutation ($input: SetBaselineInput!) {
  setBaseline(input: $input) { baseline { number } userErrors { field message } }
}
"""
SETTINGS = """
mutation ($input: UpdateScheduleSettingsInput!) {
  updateScheduleSettings(input: $input) { project { statusDate } userErrors { field message } }
}
"""
SCHEDULE = """
query ($id: ID!) {
  project(id: $id) {
    projectFinish
    criticalPath { id name earlyFinish }
    health { overall overallReasons { metric rag } }
    riskForecast { analysisId p80Finish }
  }
}
"""
RUN_RISK = """
mutation ($input: RunRiskAnalysisInput!) {
  runRiskAnalysis(input: $input) { analysis { id databaseId jobId } userErrors { field message } }
}
"""
RISK = "query ($id: ID!) { riskAnalysis(id: $id) { state p50Finish p80Finish } }"
TAKE = """
mutation ($id: ID!) {
  takeSnapshots(input: {portfolioId: $id}) {
    snapshots { projects missing } userErrors { field message }
  }
}
"""
ACTION = """
  id status optionId changeRequestId version
  trigger { kind rag reasons }
  effect { worked before { spi spiT p80Finish day } after { spi spiT p80Finish day }
           deltas { spi spiT p80FinishDays } }
"""
ACTIONS = f"""
query ($id: ID!) {{
  project(id: $id) {{ correctiveActions {{ edges {{ node {{ {ACTION} }} }} }} }}
}}
"""
PROPOSE = """
mutation ($id: ID!) {
  proposeCorrectiveOptions(projectId: $id) { job { id } userErrors { field message } }
}
"""
OPTIONS = """
query ($job: ID!, $id: ID!) {
  job(id: $job) { state error }
  project(id: $id) {
    correctiveOptions { id kind finishGainDays costDelta addedRiskDays taskIds evaluation stale }
  }
}
"""
APPLY = """
mutation ($id: ID!) {
  applyCorrectiveOption(id: $id) {
    changeRequest { id status scheduleImpactDays version } userErrors { field message }
  }
}
"""
APPROVE = """
mutation ($input: ApproveChangeRequestInput!) {
  approveChangeRequest(input: $input) {
    changeRequest { status } userErrors { field message }
  }
}
"""
UPDATE_ACTION = f"""
mutation ($input: UpdateCorrectiveActionInput!) {{
  updateCorrectiveAction(input: $input) {{
    correctiveAction {{ {ACTION} }} userErrors {{ field message }}
  }}
}}
"""


def _ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def _plan(graphql: GraphQL) -> dict[str, str]:
    """The plan of the module docstring, all through GraphQL."""
    portfolio = _ok(graphql(PORTFOLIO, name="E2E corrective")["createPortfolio"])
    project = {
        "code": f"E2E-C-{secrets.token_hex(3)}".upper(),
        "name": "E2E corrective",
        "portfolioId": portfolio["portfolio"]["id"],
        "startDate": "2025-01-06",
        "budget": "31000.00",
        "currency": "EUR",
    }
    made = _ok(graphql(PROJECT, input=project)["createProject"])["project"]["id"]
    ids = {"portfolio": portfolio["portfolio"]["id"], "project": made}
    estimate = {
        "durationOptimisticDays": "3",
        "durationMostLikelyDays": "4",
        "durationPessimisticDays": "7",
        "durationDistribution": "triangular",
    }
    for name, days, cost in (("Design", 5, 5000), ("Build", 10, 20000), ("Test", 4, 4000)):
        task = {"projectId": made, "name": name, "durationDays": str(days)}
        ids[name] = _ok(
            graphql(TASK, input=task | (estimate if name == "Test" else {}))["addTask"]
        )["task"]["id"]
        _ok(graphql(UPDATE_TASK, input={"id": ids[name], "cost": f"{cost}.00"})["updateTask"])
    deploy = {"projectId": made, "name": "Deploy", "durationDays": "2"}
    ids["Deploy"] = _ok(graphql(TASK, input=deploy)["addTask"])["task"]["id"]
    _ok(graphql(UPDATE_TASK, input={"id": ids["Deploy"], "cost": "2000.00"})["updateTask"])
    for first, then in (("Design", "Build"), ("Build", "Test"), ("Test", "Deploy")):
        link = {"projectId": made, "predecessorId": ids[first], "successorId": ids[then]}
        _ok(graphql(LINK, input=link)["addDependency"])
    _ok(graphql(BASELINE, input={"projectId": made, "name": "Approved plan"})["setBaseline"])
    status = {"projectId": made, "statusDate": "2025-01-17"}
    _ok(graphql(SETTINGS, input=status)["updateScheduleSettings"])
    for name, done in (("Design", "100"), ("Build", "30")):
        progress = {"id": ids[name], "percentComplete": done}
        _ok(graphql(UPDATE_TASK, input=progress)["updateTask"])
    return ids


def _until_done(graphql: GraphQL, query: str, pick: str, **variables: object) -> dict[str, Any]:
    """Poll ``query`` until the object at ``pick`` left QUEUED/RUNNING (at most 30 s)."""
    for _ in range(300):
        data = graphql(query, **variables)
        if data[pick]["state"] not in ("QUEUED", "RUNNING"):
            assert data[pick]["state"] == "SUCCEEDED", data
            return data
        time.sleep(0.1)
    raise AssertionError(f"{pick} did not finish")


def _risk_analysis(graphql: GraphQL, project: str) -> str:
    """A seeded analysis of the plan as it is now; answers its P80 finish."""
    request = {"projectId": project, "iterations": 2000, "seed": "1212"}
    analysis = _ok(graphql(RUN_RISK, input=request)["runRiskAnalysis"])["analysis"]
    done = _until_done(graphql, RISK, "riskAnalysis", id=analysis["id"])["riskAnalysis"]
    assert done["p50Finish"] <= done["p80Finish"]
    forecast = graphql(SCHEDULE, id=project)["project"]["riskForecast"]
    # A pointer field carries the service's UUID (databaseId), as REST does.
    assert forecast == {"analysisId": analysis["databaseId"], "p80Finish": done["p80Finish"]}
    return str(done["p80Finish"])


def _snapshot(graphql: GraphQL, ids: dict[str, str]) -> dict[str, Any]:
    """Today's snapshots of the portfolio; answers the project's only corrective action."""
    taken = _ok(graphql(TAKE, id=ids["portfolio"])["takeSnapshots"])["snapshots"]
    assert (taken["projects"], taken["missing"]) == (1, [])
    edges = graphql(ACTIONS, id=ids["project"])["project"]["correctiveActions"]["edges"]
    [action] = [edge["node"] for edge in edges]
    return dict(action)


def _update_latest(graphql: GraphQL, ids: dict[str, str], update: dict[str, Any]) -> Any:
    """Updates the action at the version last read, as a client does. The approval changed
    the plan, so reporting (told by the projects service's events) re-measures the action's
    effect within seconds, a new version: a refresh landing between the read and the
    update is a version conflict, and the client reads again (at most 3 tries)."""
    for _ in range(3):
        edges = graphql(ACTIONS, id=ids["project"])["project"]["correctiveActions"]["edges"]
        [action] = [edge["node"] for edge in edges]
        payload = graphql(UPDATE_ACTION, input={**update, "expectedVersion": action["version"]})
        answer = payload["updateCorrectiveAction"]
        if [e["field"] for e in answer["userErrors"]] != ["expectedVersion"]:
            return answer
    return answer


def _fast_track(graphql: GraphQL, ids: dict[str, str]) -> dict[str, Any]:
    """The options the engine computes: a fast-track of Test -> Deploy gaining 2 days."""
    job = _ok(graphql(PROPOSE, id=ids["project"])["proposeCorrectiveOptions"])["job"]["id"]
    options = _until_done(graphql, OPTIONS, "job", job=job, id=ids["project"])["project"]
    [fast] = [o for o in options["correctiveOptions"] if o["kind"] == "fast_track"]
    assert (fast["finishGainDays"], fast["costDelta"], fast["stale"]) == (2.0, "0.00", False)
    # Pointer fields carry the services' UUIDs, as REST does.
    assert set(fast["taskIds"]) == {uuid_of(ids["Test"]), uuid_of(ids["Deploy"])}
    assert fast["addedRiskDays"] > 0  # the overlap's rework risk
    evaluation = fast["evaluation"]
    assert (evaluation["finish_before"][:10], evaluation["finish_after"][:10]) == (BEFORE, AFTER)
    return dict(fast)


def _finish(schedule: dict[str, Any]) -> date:
    """The project finish, which the critical path's last early finish agrees with."""
    finish = schedule["projectFinish"]
    assert max(task["earlyFinish"] for task in schedule["criticalPath"]) == finish
    return date.fromisoformat(finish)


def test_a_late_project_is_steered_back_and_the_register_measures_it(graphql: GraphQL) -> None:
    ids = _plan(graphql)
    before = graphql(SCHEDULE, id=ids["project"])["project"]
    assert before["health"]["overall"] == "RED"
    assert {r["metric"] for r in before["health"]["overallReasons"]} == {"spi", "spi_t"}
    assert _finish(before) == date.fromisoformat(BEFORE)
    p80_before = _risk_analysis(graphql, ids["project"])

    # The snapshot finds the project red (no earlier snapshot): the register proposes.
    proposed = _snapshot(graphql, ids)
    assert proposed["status"] == "PROPOSED"
    assert (proposed["trigger"]["kind"], proposed["trigger"]["rag"]) == ("HEALTH", "red")
    assert any("spi" in reason.lower() for reason in proposed["trigger"]["reasons"])
    assert proposed["effect"]["before"]["p80Finish"] == p80_before
    assert proposed["effect"]["after"] is None

    fast = _fast_track(graphql, ids)
    change = _ok(graphql(APPLY, id=fast["id"])["applyCorrectiveOption"])["changeRequest"]
    assert (change["status"], change["scheduleImpactDays"]) == ("submitted", -2.0)
    approval = {"id": change["id"], "expectedVersion": change["version"]}
    approved = _ok(graphql(APPROVE, input=approval)["approveChangeRequest"])["changeRequest"]
    assert approved["status"] == "approved"

    after = graphql(SCHEDULE, id=ids["project"])["project"]
    gained = np.busday_count(_finish(after), _finish(before))
    assert gained == fast["finishGainDays"] == 2
    critical = {task["id"] for task in after["criticalPath"]}  # CriticalTask ids are UUIDs
    assert {uuid_of(ids["Test"]), uuid_of(ids["Deploy"])} <= critical

    update = {
        "id": proposed["id"],
        "status": "OPEN",
        "optionId": fast["id"],
        "changeRequestId": change["id"],
    }
    opened = _ok(_update_latest(graphql, ids, update))
    assert opened["correctiveAction"]["status"] == "OPEN"

    p80_after = _risk_analysis(graphql, ids["project"])
    assert p80_after < p80_before
    measured = _snapshot(graphql, ids)
    assert (measured["id"], measured["optionId"]) == (proposed["id"], uuid_of(fast["id"]))
    assert measured["changeRequestId"] == uuid_of(change["id"])
    effect = measured["effect"]
    assert effect["before"]["p80Finish"] == p80_before
    assert effect["after"]["p80Finish"] == p80_after
    assert effect["deltas"]["p80FinishDays"] < 0
    assert effect["worked"] is True
