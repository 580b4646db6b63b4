"""Reporting end to end, through the gateway over the real processes (issue 10's acceptance):
a project with a baseline, progress and actual costs shows the SPI and CPI worked out by hand
below and a RAG whose reasons name the thresholds breached; a snapshot is taken; the
portfolio's health policy changes, so the live colour and policy version change while the
snapshot stored that day keeps the old ones (a policy change never rewrites a snapshot);
the dashboard lists the project with its RAG; and the status report (PDF), the Gantt (SVG)
and the projects export (XLSX) behind the links GraphQL hands out are fetched over real HTTP
with the same bearer token.

Only one day passes here (the processes run on the real clock): the "yesterday's snapshot"
variant, with an injected clock, is covered in-process by
tests/reporting/test_snapshots.py::test_yesterdays_snapshot_keeps_its_colour_after_a_policy_change
and tests/gateway/test_project_health.py::
test_policy_change_recolours_today_and_yesterday_keeps_its_colour.

The plan (Monday-to-Friday calendar, from Monday 6 January 2025): Design, 5 working days
with a budget of 5,000 (1,000 a day, 6-10 January), then Build, 10 working days with
20,000 (2,000 a day, 13-24 January); BAC 25,000. Baseline 0 on that plan; status date
Friday 17 January, Design done and Build 30 % done.
- PV = 5,000 (Design) + 5 of Build's 10 days x 2,000 = 15,000.
- EV = 5,000 + 30 % of 20,000 = 11,000, so SPI = 11,000 / 15,000 = 0.733333.
- AC = 6,000 (Design, 10 January) + 6,000 (Build, 16 January) = 12,000; 2,000 more on
  21 January is after the status date and not counted. CPI = 11,000 / 12,000 = 0.916667.
- Earned schedule: 11,000 is planned by the end of working day 8 (5 x 1,000 + 3 x 2,000)
  of the 10 working days to the status date: ES 8, SPI(t) = 8 / 10 = 0.8.
Under the built-in policy (amber/red below 0.95/0.85 for SPI, SPI(t) and CPI) schedule is
red (SPI and SPI(t) below 0.85) and cost amber (CPI below 0.95): overall RED, policy 0.
Under the lenient policy set later (SPI 0.75/0.6, SPI(t) 0.85/0.7, CPI 0.9/0.8) schedule is
amber and cost green: overall AMBER, policy 1.
"""

from __future__ import annotations

import io
import secrets
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import httpx
from openpyxl import load_workbook

from tests.e2e.conftest import GraphQL
from tests.reporting.pdf_pages import first_page

NAME = "E2E reporting"
# Worked out by hand in the module docstring.
SPI, SPI_T, CPI = Decimal("0.733333"), Decimal("0.8"), Decimal("0.916667")
PORTFOLIO = """
mutation ($name: String!) {
  createPortfolio(input: {name: $name, currency: "EUR"}) {
    portfolio { id } userErrors { field message }
  }
}
"""
PROJECT = """
mutation ($input: CreateProjectInput!) {
  createProject(input: $input) { project { id: databaseId code } userErrors { field message } }
}
"""
TASK = """
mutation ($input: AddTaskInput!) {
  addTask(input: $input) { task { id: databaseId } userErrors { field message } }
}
"""
COST = """
mutation ($input: RecordActualCostInput!) {
  recordActualCost(input: $input) { actualCost { id amount } userErrors { field message } }
}
"""
REASONS = "reasons { metric value threshold comparison policyVersion rag }"
HEALTH = f"""
query ($id: ID!) {{
  project(id: $id) {{
    evm {{ statusDate bac pv ev ac spi cpi esDays actualTimeDays spiT }}
    health {{
      overall effective policyVersion statusDate
      overallReasons {{ metric rag threshold policyVersion }}
      dimensions {{ name rag {REASONS} }}
    }}
    snapshots {{ edges {{ node {{ day overall effective policyVersion spi cpi }} }} }}
    trend(metric: SPI) {{ date value }}
    reportLinks {{ statusReportPdf ganttSvg }}
  }}
}}
"""
TAKE = """
mutation ($id: ID!) {
  takeSnapshots(input: {portfolioId: $id}) {
    snapshots { day projects created replaced missing } userErrors { field message }
  }
}
"""
SET_POLICY = """
mutation ($input: SetHealthPolicyInput!) {
  setHealthPolicy(input: $input) { policy { version isDefault } userErrors { field message } }
}
"""
LENIENT = {
    "spi": {"amber": "0.75", "red": "0.6"},
    "spiT": {"amber": "0.85", "red": "0.7"},
    "cpi": {"amber": "0.9", "red": "0.8"},
}
DASHBOARD = """
query ($id: ID!) {
  portfolio(id: $id) {
    dashboard {
      projectCount projectsByRag { green amber red unknown notAssessed }
      projects { projectId code rag healthDay }
      missing { part reason }
    }
    exportLinks { projectsXlsx }
  }
}
"""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def _plan(graphql: GraphQL, rest: httpx.Client) -> dict[str, str]:
    """The plan of the module docstring: the portfolio, the project and its tasks through
    GraphQL; what GraphQL has no mutation for (task budgets, the link, the baseline, the
    status date, progress) through the projects service's REST API."""
    portfolio = _ok(graphql(PORTFOLIO, name=NAME)["createPortfolio"])["portfolio"]["id"]
    project = {
        "code": f"E2E-R-{secrets.token_hex(3)}".upper(),
        "name": NAME,
        "portfolioId": portfolio,
        "startDate": "2025-01-06",
        "budget": "25000.00",
        "currency": "EUR",
    }
    made = _ok(graphql(PROJECT, input=project)["createProject"])["project"]
    tasks = {}
    for name, days, budget in (("Design", "5", "5000.00"), ("Build", "10", "20000.00")):
        task = {"projectId": made["id"], "name": name, "durationDays": days}
        tasks[name] = _ok(graphql(TASK, input=task)["addTask"])["task"]["id"]
        _send(rest, "PATCH", f"/v1/tasks/{tasks[name]}", {"cost": budget})
    base = f"/v1/projects/{made['id']}"
    link = {"predecessor_id": tasks["Design"], "successor_id": tasks["Build"]}
    _send(rest, "POST", f"{base}/dependencies", link)
    _send(rest, "POST", f"{base}/baselines/0", {"name": "Approved plan"})
    _send(rest, "PATCH", f"{base}/schedule-settings", {"status_date": "2025-01-17"})
    _send(rest, "PATCH", f"/v1/tasks/{tasks['Design']}", {"percent_complete": "100"})
    _send(rest, "PATCH", f"/v1/tasks/{tasks['Build']}", {"percent_complete": "30"})
    return {"portfolio": portfolio, "project": made["id"], "code": made["code"], **tasks}


def _send(rest: httpx.Client, method: str, path: str, body: dict[str, Any]) -> None:
    answer = rest.request(method, path, json=body)
    assert answer.status_code in (200, 201), (path, answer.text)


def _record_costs(graphql: GraphQL, plan: dict[str, str]) -> None:
    for amount, day, task in (
        ("6000.00", "2025-01-10", plan["Design"]),
        ("6000.00", "2025-01-16", plan["Build"]),
        ("2000.00", "2025-01-21", plan["Build"]),  # after the status date
    ):
        cost = {
            "projectId": plan["project"],
            "incurredOn": day,
            "amount": amount,
            "currency": "EUR",
            "category": "LABOUR",
            "taskId": task,
        }
        recorded = _ok(graphql(COST, input=cost)["recordActualCost"])["actualCost"]
        assert recorded["amount"] == amount


def _reasons(health: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """metric -> its reason, across the dimensions."""
    return {r["metric"]: r for d in health["dimensions"] for r in d["reasons"]}


def _rags(health: dict[str, Any]) -> dict[str, str]:
    return {d["name"]: d["rag"] for d in health["dimensions"]}


def _assert_red_under_the_default_policy(project: dict[str, Any]) -> None:
    evm = project["evm"]
    assert evm["statusDate"] == "2025-01-17"
    assert (evm["bac"], evm["pv"], evm["ev"], evm["ac"]) == (
        "25000.00",
        "15000.00",
        "11000.00",
        "12000.00",
    )
    assert (evm["spi"], evm["cpi"], evm["spiT"]) == (float(SPI), float(CPI), float(SPI_T))
    assert (evm["esDays"], evm["actualTimeDays"]) == (8.0, 10.0)
    health = project["health"]
    assert (health["overall"], health["effective"], health["policyVersion"]) == ("RED", "RED", 0)
    assert health["statusDate"] == "2025-01-17"
    rags = _rags(health)
    assert (rags["SCHEDULE"], rags["COST"]) == ("RED", "AMBER")
    # No compliance evaluation and no status update yet: unknown, never green.
    assert (rags["GOVERNANCE"], rags["STALENESS"]) == ("UNKNOWN", "UNKNOWN")
    reasons = _reasons(health)
    spi, spi_t, cpi = reasons["spi"], reasons["spi_t"], reasons["cpi"]
    assert (Decimal(spi["value"]), spi["threshold"], spi["rag"]) == (SPI, "0.85", "RED")
    assert (Decimal(spi_t["value"]), spi_t["threshold"], spi_t["rag"]) == (SPI_T, "0.85", "RED")
    assert (Decimal(cpi["value"]), cpi["threshold"], cpi["rag"]) == (CPI, "0.95", "AMBER")
    assert {r["comparison"] for r in (spi, spi_t, cpi)} == {"BELOW"}
    assert {r["policyVersion"] for r in reasons.values()} == {0}
    # The overall names what made it red: the two schedule thresholds breached.
    assert health["overallReasons"] == [
        {"metric": "spi", "rag": "RED", "threshold": "0.85", "policyVersion": 0},
        {"metric": "spi_t", "rag": "RED", "threshold": "0.85", "policyVersion": 0},
    ]


def _assert_amber_under_the_new_policy(project: dict[str, Any]) -> None:
    health = project["health"]
    assert (health["overall"], health["policyVersion"]) == ("AMBER", 1)
    rags = _rags(health)
    assert (rags["SCHEDULE"], rags["COST"]) == ("AMBER", "GREEN")
    reasons = _reasons(health)
    assert (reasons["spi"]["threshold"], reasons["spi"]["rag"]) == ("0.75", "AMBER")
    assert (reasons["spi_t"]["threshold"], reasons["spi_t"]["rag"]) == ("0.85", "AMBER")
    assert (reasons["cpi"]["threshold"], reasons["cpi"]["rag"]) == ("0.9", "GREEN")
    assert {r["policyVersion"] for r in reasons.values()} == {1}
    assert [r["metric"] for r in health["overallReasons"]] == ["spi", "spi_t"]


def _snapshot_keeps_the_old_policy(project: dict[str, Any], day: str) -> None:
    [snapshot] = [edge["node"] for edge in project["snapshots"]["edges"]]
    colours = (snapshot["day"], snapshot["overall"], snapshot["effective"])
    assert (*colours, snapshot["policyVersion"]) == (day, "RED", "RED", 0)
    assert (Decimal(snapshot["spi"]), Decimal(snapshot["cpi"])) == (SPI, CPI)
    [point] = project["trend"]
    assert (point["date"], Decimal(point["value"])) == (day, SPI)


def _dashboard(graphql: GraphQL, plan: dict[str, str], day: str) -> str:
    """The portfolio's dashboard lists the project with the RAG of its latest snapshot;
    answers the portfolio's XLSX export link."""
    portfolio = graphql(DASHBOARD, id=plan["portfolio"])["portfolio"]
    board = portfolio["dashboard"]
    assert board["missing"] == [], board["missing"]
    assert board["projectCount"] == 1
    assert board["projects"] == [
        {"projectId": plan["project"], "code": plan["code"], "rag": "RED", "healthDay": day}
    ]
    assert board["projectsByRag"] == {
        "green": 0,
        "amber": 0,
        "red": 1,
        "unknown": 0,
        "notAssessed": 0,
    }
    return str(portfolio["exportLinks"]["projectsXlsx"])


def _fetch(http: httpx.Client, url: str, media_type: str) -> bytes:
    answer = http.get(url)
    assert answer.status_code == 200, (url, answer.text[:500])
    assert answer.headers["content-type"].startswith(media_type)
    return answer.content


def _documents(http: httpx.Client, links: dict[str, str], xlsx: str, plan: dict[str, str]) -> None:
    pdf = _fetch(http, links["statusReportPdf"], "application/pdf")
    assert pdf.startswith(b"%PDF")
    page = " ".join(first_page(pdf).text.split())
    # The name, then the colour shown now (the new policy's).
    assert page.startswith(f"{NAME} AMBER"), page[:200]

    svg = ET.fromstring(_fetch(http, links["ganttSvg"], "image/svg+xml"))
    ids = {element.get("id") for element in svg.iter()}
    for task in (plan["Design"], plan["Build"]):
        assert {f"task-{task}", f"baseline-{task}"} <= ids

    book = load_workbook(io.BytesIO(_fetch(http, xlsx, XLSX)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, *data = rows
    [row] = [dict(zip(header, values, strict=True)) for values in data]
    assert (row["Code"], row["Name"], row["Budget"]) == (plan["code"], NAME, 25000)
    assert (row["SPI"], row["CPI"]) == (float(SPI), float(CPI))


def test_health_explains_itself_and_a_policy_change_leaves_the_snapshot(
    graphql: GraphQL, running_system, admin_token: str
) -> None:
    headers = {"authorization": f"Bearer {admin_token}"}
    with httpx.Client(base_url=running_system.url("projects"), headers=headers) as rest:
        plan = _plan(graphql, rest)
    _record_costs(graphql, plan)
    project = graphql(HEALTH, id=plan["project"])["project"]
    _assert_red_under_the_default_policy(project)
    assert project["snapshots"]["edges"] == [] and project["trend"] == []

    taken = _ok(graphql(TAKE, id=plan["portfolio"])["takeSnapshots"])["snapshots"]
    assert (taken["projects"], taken["created"], taken["missing"]) == (1, 1, [])
    policy = {"portfolioId": plan["portfolio"], "expectedVersion": 0, "thresholds": LENIENT}
    changed = _ok(graphql(SET_POLICY, input=policy)["setHealthPolicy"])["policy"]
    assert changed == {"version": 1, "isDefault": False}

    project = graphql(HEALTH, id=plan["project"])["project"]
    _assert_amber_under_the_new_policy(project)
    _snapshot_keeps_the_old_policy(project, taken["day"])
    xlsx = _dashboard(graphql, plan, taken["day"])
    with httpx.Client(headers=headers, timeout=30) as http:
        _documents(http, project["reportLinks"], xlsx, plan)
