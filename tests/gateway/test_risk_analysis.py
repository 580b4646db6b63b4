"""Schedule risk analysis through GraphQL over the real projects service (with its queue
worker): a task's estimate through addTask, runRiskAnalysis, poll riskAnalysis(id), then
the project's riskForecast and riskAnalyses; userErrors for bad input."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import httpx

from tests.gateway.conftest import Gateway, uuid_of

ADD_TASK = """
mutation($input: AddTaskInput!) {
  addTask(input: $input) {
    task { id durationOptimisticDays durationMostLikelyDays durationPessimisticDays
           durationDistribution optional }
    userErrors { field message }
  }
}
"""
RUN = """
mutation($input: RunRiskAnalysisInput!) {
  runRiskAnalysis(input: $input) {
    analysis { id state iterations seed }
    userErrors { field message }
  }
}
"""
ANALYSIS = """
query($id: ID!) {
  riskAnalysis(id: $id) {
    state progress estimatedTasks tornadoSvgPath
    result { iterationsRun p50Finish p80Finish deadlineProbability
             criticality { name index } tornado { kind name correlation } histogramCounts }
  }
}
"""
PROJECT = """
query($id: ID!) {
  project(id: $id) {
    riskForecast { analysisId p50Finish p80Finish }
    riskAnalyses(first: 5) { id iterations p80Finish }
  }
}
"""


async def _plan(http: httpx.AsyncClient, gateway: Gateway) -> tuple[str, dict[str, Any]]:
    body = {"code": f"MC-{secrets.token_hex(4)}", "name": "Risk", "start_date": "2027-01-04"}
    project = (await http.post("/v1/projects", json=body)).json()
    fixed = await http.post(
        f"/v1/projects/{project['id']}/tasks", json={"name": "A", "duration_days": "2"}
    )
    assert fixed.status_code == 201, fixed.text
    estimate = {
        "projectId": project["id"],
        "name": "B",
        "durationDays": "3",
        "durationOptimisticDays": "2",
        "durationMostLikelyDays": "3",
        "durationPessimisticDays": "6",
        "durationDistribution": "triangular",
        "optional": True,
    }
    added = await gateway.query(ADD_TASK, {"input": estimate})
    assert added["data"]["addTask"]["userErrors"] == [], added
    link = {
        "predecessor_id": fixed.json()["id"],
        "successor_id": uuid_of(added["data"]["addTask"]["task"]["id"]),
    }
    linked = await http.post(f"/v1/projects/{project['id']}/dependencies", json=link)
    assert linked.status_code == 201, linked.text
    return str(project["id"]), added["data"]["addTask"]["task"]


async def test_a_risk_analysis_through_graphql(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    project_id, task = await _plan(projects_http, gateway)
    assert task["durationDistribution"] == "triangular" and task["optional"] is True
    assert (task["durationOptimisticDays"], task["durationPessimisticDays"]) == (2.0, 6.0)
    run = {"projectId": project_id, "iterations": 2000, "seed": "9", "convergence": False}
    queued = (await gateway.query(RUN, {"input": run}))["data"]["runRiskAnalysis"]
    assert queued["userErrors"] == [] and queued["analysis"]["state"] == "QUEUED"
    assert queued["analysis"]["seed"] == "9"
    analysis_id = queued["analysis"]["id"]
    for _ in range(600):
        found = (await gateway.query(ANALYSIS, {"id": analysis_id}))["data"]["riskAnalysis"]
        if found["state"] not in ("QUEUED", "RUNNING"):
            break
        await asyncio.sleep(0.1)
    assert found["state"] == "SUCCEEDED", found
    result = found["result"]
    assert result["iterationsRun"] == 2000 and found["estimatedTasks"] == 1
    assert result["p50Finish"] == "2027-01-11" and result["p80Finish"] == "2027-01-12"
    assert {c["name"]: c["index"] for c in result["criticality"]} == {"A": 1.0, "B": 1.0}
    assert [bar["name"] for bar in result["tornado"]] == ["B"]
    assert sum(result["histogramCounts"]) == 2000
    assert found["tornadoSvgPath"] == f"/v1/risk-analyses/{uuid_of(analysis_id)}/tornado.svg"
    project = (await gateway.query(PROJECT, {"id": project_id}))["data"]["project"]
    assert project["riskForecast"] == {
        "analysisId": uuid_of(analysis_id),
        "p50Finish": "2027-01-11",
        "p80Finish": "2027-01-12",
    }
    assert project["riskAnalyses"] == [
        {"id": analysis_id, "iterations": 2000, "p80Finish": "2027-01-12"}
    ]


async def test_bad_analyses_are_user_errors(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    project_id, _ = await _plan(projects_http, gateway)
    too_many = {"projectId": project_id, "iterations": 10_000_000}
    payload = (await gateway.query(RUN, {"input": too_many}))["data"]["runRiskAnalysis"]
    assert payload["analysis"] is None
    assert [e["field"] for e in payload["userErrors"]] == ["iterations"]
    backwards = {
        "projectId": project_id,
        "name": "C",
        "durationOptimisticDays": "5",
        "durationMostLikelyDays": "3",
        "durationPessimisticDays": "6",
        "durationDistribution": "pert",
    }
    added = (await gateway.query(ADD_TASK, {"input": backwards}))["data"]["addTask"]
    assert added["task"] is None
    assert [e["field"] for e in added["userErrors"]] == ["durationOptimisticDays"]
    project = (await gateway.query(PROJECT, {"id": project_id}))["data"]["project"]
    assert project == {"riskForecast": None, "riskAnalyses": []}
