"""End to end: four processes, real ports, the gateway in front."""

from __future__ import annotations

import asyncio
import secrets
from decimal import Decimal

import httpx

from pmo.runner import SERVICE_ORDER
from pmo.seed import DEMO_PORTFOLIO, DEMO_PROGRAM, seed_demo
from pmo.seed_archive import ARCHIVED_CODE

CREATE_PORTFOLIO = """
mutation($name: String!) {
  createPortfolio(input: {name: $name}) { portfolio { id name } userErrors { field message } }
}"""
CREATE_PROJECT = """
mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { id code status version } userErrors { field message } }
}"""
ADD_TASK = """
mutation($input: AddTaskInput!) {
  addTask(input: $input) { task { id name percentComplete } userErrors { field message } }
}"""
PORTFOLIO_TREE = """
query($id: ID!) {
  portfolio(id: $id) {
    name
    projects(first: 10) {
      edges { node { code budget tasks(first: 10) { edges { node { name percentComplete } } } } }
      pageInfo { hasNextPage }
    }
  }
  portfolioSummary(portfolioId: $id) {
    projectCount taskCount tasksCompleted budgetTotals { amount currency }
  }
}"""


def test_every_process_is_ready_and_observable(running_system) -> None:
    with httpx.Client(timeout=5) as http:
        for service in SERVICE_ORDER:
            base = running_system.url(service)
            assert http.get(f"{base}/healthz").status_code == 200
            assert http.get(f"{base}/readyz").status_code == 200
            metrics = http.get(f"{base}/metrics")
            assert metrics.status_code == 200 and "pmo_http_requests_total" in metrics.text


def test_plan_a_portfolio_through_the_gateway(graphql) -> None:
    portfolio = graphql(CREATE_PORTFOLIO, name="E2E portfolio")["createPortfolio"]["portfolio"]
    codes = []
    for budget in ("100.00", "250.50"):
        code = f"E2E-{secrets.token_hex(3)}"
        created = graphql(
            CREATE_PROJECT,
            input={
                "code": code,
                "name": "E2E",
                "portfolioId": portfolio["id"],
                "budget": budget,
                "currency": "EUR",
            },
        )["createProject"]
        assert created["userErrors"] == []
        codes.append(code)
        for name, percent in (("Design", "100"), ("Build", "50")):
            task = graphql(
                ADD_TASK,
                input={
                    "projectId": created["project"]["id"],
                    "name": name,
                    "percentComplete": percent,
                },
            )["addTask"]
            assert task["userErrors"] == [] and task["task"]["name"] == name

    data = graphql(PORTFOLIO_TREE, id=portfolio["id"])
    projects = [edge["node"] for edge in data["portfolio"]["projects"]["edges"]]
    assert [p["code"] for p in projects] == codes
    assert [p["budget"] for p in projects] == ["100.00", "250.50"]
    for project in projects:
        assert [t["node"]["name"] for t in project["tasks"]["edges"]] == ["Design", "Build"]
    summary = data["portfolioSummary"]
    assert summary["projectCount"] == 2 and summary["taskCount"] == 4
    assert summary["tasksCompleted"] == 2
    assert summary["budgetTotals"] == [{"amount": "350.50", "currency": "EUR"}]


def test_user_errors_and_problems_cross_the_wire(graphql, running_system, admin_token) -> None:
    bad = graphql(CREATE_PROJECT, input={"code": "has spaces", "name": "x"})["createProject"]
    assert bad["project"] is None
    assert [e["field"] for e in bad["userErrors"]] == ["code"]
    with httpx.Client(base_url=running_system.url("projects"), timeout=5) as http:
        response = http.post(
            "/v1/projects",
            content=b"{not json",
            headers={"authorization": f"Bearer {admin_token}", "content-type": "application/json"},
        )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"]


def test_request_id_travels_to_the_upstream(running_system, admin_token) -> None:
    request_id = f"e2e-{secrets.token_hex(6)}"
    with httpx.Client(base_url=running_system.url("gateway"), timeout=5) as http:
        response = http.post(
            "/graphql",
            json={"query": "{ projects(first: 1) { edges { node { id } } } }"},
            headers={"authorization": f"Bearer {admin_token}", "x-request-id": request_id},
        )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == request_id


DEMO_QUERY = """
query {
  projects(first: 1, search: "ERP-2027") { edges { node {
    code status portfolio { id name currency } statusDate progressSettings { mode }
    program { name projects(first: 10) { edges { node { code } } } }
    actualCosts(first: 20) { edges { node { amount currency externalSource task { name } } } }
    tasks(first: 10) { edges { node {
      name earlyStart critical percentComplete actualDuration remainingDuration
    } } }
    baselines(first: 5) { edges { node { number name } } }
    risks(first: 5) { edges { node { title score owner } } }
    issues(first: 5) { edges { node { title severity } } }
    assumptions(first: 5) { edges { node { title } } }
    decisions(first: 5) { edges { node { title decision } } }
    changeRequests(first: 5) { edges { node { title status baselineNumber } } }
    statusUpdates(first: 5) { edges { node { overallRag } } }
    members(first: 5) { edges { node { userId role } } }
    evm { bac pv ev spi esDays actualTimeDays }
  } } }
  standards(first: 10) { edges { node { key status } } }
}
"""


BEHIND_QUERY = """
query {
  projects(first: 1, search: "DC-EXIT") { edges { node {
    progressSettings { mode moveRemainingStartsForward }
    tasks(first: 10) { edges { node { name isSplit stop resume } } }
    evm { spi spiT }
  } } }
}
"""


DASHBOARD_DEMO_QUERY = """
query ($id: ID!) { portfolio(id: $id) { dashboard(milestoneDays: 366, topRisks: 5) {
  projectCount projectsByStatus { status count } projectsByPhase { phase count }
  projectsByRag { green amber red unknown notAssessed }
  cost { currency budget actualCost eac }
  milestonesDue { total items { projectCode name finish } }
  topRisks { projectCode title score }
  gatesPending { projectCode toPhase pendingRoles }
  compliance { buckets { label count } notEvaluated averageScore }
  worsened { projectCode }
  projects { code status phase rag complianceScore pendingGates openRisks }
  missing { part reason }
} } }
"""


def _dashboard_demo(graphql, portfolio_id: str) -> None:
    """The demo portfolio's dashboard, over real HTTP from the gateway to reporting and from
    reporting to projects and governance: every part answered, the upstream ones full."""
    board = graphql(DASHBOARD_DEMO_QUERY, id=portfolio_id)["portfolio"]["dashboard"]
    assert board["missing"] == [], board["missing"]
    assert board["projectCount"] >= 4 and len(board["projects"]) == board["projectCount"]
    assert len(board["projectsByStatus"]) > 1 and len(board["projectsByPhase"]) > 1
    assert board["cost"]["currency"] == "EUR" and float(board["cost"]["budget"]) > 0
    assert board["milestonesDue"]["items"] and board["topRisks"]
    scored = sum(bucket["count"] for bucket in board["compliance"]["buckets"])
    assert scored > 0 and board["compliance"]["averageScore"] is not None


GOVERNANCE_DEMO_QUERY = """
{
  erp: projects(first: 1, search: "ERP-2027") { edges { node {
    id status phase compliance { score passed failed }
  } } }
  mobile: projects(first: 1, search: "MOB-APP") { edges { node {
    status phase tasks(first: 10) { edges { node { name } } }
    risks(first: 5) { edges { node { title } } }
  } } }
  lifecycles(key: "pmo-standard") { edges { node { status phases { key } } } }
  templates(key: "it-delivery") { edges { node { status standardKeys } } }
  lessons(q: "baselne schedule") { edges { node { title } } }
  ruleKinds { name category }
}
"""


REPORTING_FIELDS = """
    code
    health { overall effective policyVersion dimensions { name rag reasons { metric value } } }
    snapshots(first: 1) { edges { node { overall policyVersion spi } } }
"""
REPORTING_DEMO_QUERY = f"""
{{
  erp: projects(first: 1, search: "ERP-2027") {{ edges {{ node {{ {REPORTING_FIELDS} }} }} }}
  exit: projects(first: 1, search: "DC-EXIT") {{ edges {{ node {{ {REPORTING_FIELDS} }} }} }}
}}
"""


def _reporting_demo(graphql) -> None:
    """The demo's reporting: its portfolio's health policy applies, and today's snapshot is
    there from the start."""
    data = graphql(REPORTING_DEMO_QUERY)
    [erp], [exit_] = ([e["node"] for e in data[name]["edges"]] for name in ("erp", "exit"))
    for project in (erp, exit_):
        health = project["health"]
        assert health["policyVersion"] == 1
        dimensions = {d["name"]: d for d in health["dimensions"]}
        assert len(dimensions) == 7
        # Two open risks of score 15 and more (4 x 4, 3 x 5): amber under the demo policy.
        assert dimensions["RISK"]["rag"] == "AMBER"
        assert dimensions["RISK"]["reasons"] == [{"metric": "open_high_risks", "value": "2"}]
        # The portfolio's compliance evaluation gives governance a colour.
        assert dimensions["GOVERNANCE"]["rag"] in {"GREEN", "AMBER", "RED"}
        [snapshot] = [e["node"] for e in project["snapshots"]["edges"]]
        assert (snapshot["overall"], snapshot["policyVersion"]) == (health["overall"], 1)


def _governance_demo(graphql) -> None:
    """The demo's governance: projects approved and started through gate reviews, evaluated
    against published standards (DCMA checks among the rules), a project made from a
    template, and lessons found even with a typo."""
    data = graphql(GOVERNANCE_DEMO_QUERY)
    [erp] = [edge["node"] for edge in data["erp"]["edges"]]
    assert (erp["status"], erp["phase"]) == ("ACTIVE", "execution")
    assert erp["compliance"]["passed"] > 0 and erp["compliance"]["score"] is not None
    reviews = graphql(
        "query ($id: ID!) { gateReviews(projectId: $id) { edges { node { toPhase state } } } }",
        id=erp["id"],
    )["gateReviews"]["edges"]
    assert {(r["node"]["toPhase"], r["node"]["state"]) for r in reviews} == {
        ("planning", "PASSED"),
        ("execution", "PASSED"),
    }
    [mobile] = [edge["node"] for edge in data["mobile"]["edges"]]
    assert (mobile["status"], mobile["phase"]) == ("PROPOSED", "initiation")
    assert [t["node"]["name"] for t in mobile["tasks"]["edges"]][:2] == [
        "Initiation",
        "Requirements",
    ]
    assert mobile["risks"]["edges"]
    assert data["lifecycles"]["edges"][0]["node"]["status"] == "PUBLISHED"
    assert data["templates"]["edges"][0]["node"]["status"] == "PUBLISHED"
    assert "Baseline the schedule before execution starts" in [
        lesson["node"]["title"] for lesson in data["lessons"]["edges"]
    ]
    assert sum(kind["category"] == "DCMA" for kind in data["ruleKinds"]) == 14


LEVELLING_JOB = "query ($id: ID!) { job(id: $id) { state kind result } }"
LEVELLED_PROJECT = "query ($id: ID!) { project(id: $id) { code overAllocations { name } } }"


def _levelling_demo(graphql, said: list[str]) -> None:
    """The seed's levelling preview of the portfolio, named in what ``make up`` says: one of
    the two Build phases Bruno is on would wait for the other, 40 working days (which one
    is a tie: the portfolio's finish is the same either way), and nothing is applied, so
    both projects still show him over-allocated."""
    [line] = [text for text in said if text.startswith("levelling preview")]
    job_id = line.split("job ")[1].split(",")[0]
    job = graphql(LEVELLING_JOB, id=job_id)["job"]
    assert (job["state"], job["kind"]) == ("SUCCEEDED", "levelling")
    result = job["result"]
    projects = {
        p["project_id"]: graphql(LEVELLED_PROJECT, id=p["project_id"])["project"]
        for p in result["projects"]
    }
    codes = {project_id: project["code"] for project_id, project in projects.items()}
    delays = {codes[p["project_id"]]: p["delay_days"] for p in result["projects"]}
    [(waits, days)] = [(code, days) for code, days in delays.items() if days]
    assert waits in ("HR-SELF", "ERP-2027") and days == 40, delays
    assert line.endswith(f"succeeded; it would delay {waits} by 40 working days"), line
    moved = {(codes[m["project_id"]], m["name"]) for m in result["moved_tasks"]}
    assert (waits, "Build") in moved
    over = {project["code"]: project["overAllocations"] for project in projects.values()}
    assert "Bruno Keller" in {o["name"] for o in over["HR-SELF"]}
    assert "Bruno Keller" in {o["name"] for o in over["ERP-2027"]}


def _archived_demo(running_system, graphql) -> None:
    """The demo's archived project: in no list, but an admin lists it with archived=true."""
    url = running_system.url("projects") + "/v1/projects"
    headers = {"authorization": graphql.http.headers["authorization"]}
    listed = httpx.get(url, params={"limit": 500}, headers=headers).json()["items"]
    assert ARCHIVED_CODE not in {p["code"] for p in listed}
    archived = httpx.get(url, params={"archived": "true"}, headers=headers).json()["items"]
    [project] = [p for p in archived if p["code"] == ARCHIVED_CODE]
    assert project["archived_at"] is not None


def test_the_demo_portfolio_shows_what_the_system_does(graphql, running_system) -> None:
    """``make up`` loads this demo: a newcomer's first query must find every planning record
    the API offers, so the demo grows with the system."""
    token = graphql.http.headers["authorization"].removeprefix("Bearer ")
    urls = (running_system.url("projects"), running_system.url("governance"))
    reporting_url = running_system.url("reporting")
    said: list[str] = []
    seeding = seed_demo(
        *urls, token, reporting_url=reporting_url, only_if_empty=False, say=said.append
    )
    assert asyncio.run(seeding)
    _levelling_demo(graphql, said)
    _archived_demo(running_system, graphql)
    # The ERP plan's Monte Carlo forecast, queued by the seed and printed by make up.
    [forecast] = [text for text in said if text.startswith("schedule risk analysis of ERP-2027")]
    assert "succeeded; finish P50 " in forecast and ", P80 " in forecast, forecast
    data = graphql(DEMO_QUERY)
    [erp] = [p["node"] for p in data["projects"]["edges"]]
    assert (erp["code"], erp["status"]) == ("ERP-2027", "ACTIVE")
    assert erp["portfolio"]["name"] == DEMO_PORTFOLIO
    _dashboard_demo(graphql, erp["portfolio"]["id"])
    assert [t["node"]["name"] for t in erp["tasks"]["edges"]][:2] == ["Initiation", "Requirements"]
    assert any(t["node"]["critical"] for t in erp["tasks"]["edges"])
    # Progress at a status date: two phases done, Design half done across it.
    assert (erp["statusDate"], erp["progressSettings"]["mode"]) == ("2026-10-12", "DATA_DATE")
    progress = {
        t["node"]["name"]: (t["node"]["percentComplete"], t["node"]["remainingDuration"])
        for t in erp["tasks"]["edges"]
    }
    assert [progress[name] for name in ("Initiation", "Requirements", "Design", "Build")] == [
        (100.0, 0.0),
        (100.0, 0.0),
        (50.0, 10.0),
        (0.0, 40.0),
    ]
    # Behind schedule, as MS Project moves remaining work to the status date: split.
    behind = graphql(BEHIND_QUERY)["projects"]["edges"][0]["node"]
    assert behind["progressSettings"] == {"mode": "MS_PROJECT", "moveRemainingStartsForward": True}
    design = next(t["node"] for t in behind["tasks"]["edges"] if t["node"]["name"] == "Design")
    assert design == {
        "name": "Design",
        "isSplit": True,
        "stop": "2026-10-05",
        "resume": "2026-10-13",
    }
    # Grouped in a program, with actual costs in the portfolio's currency, most of them
    # pushed by the finance system.
    assert erp["program"]["name"] == DEMO_PROGRAM
    assert {p["node"]["code"] for p in erp["program"]["projects"]["edges"]} == {
        "ERP-2027",
        "CRM-UPG",
    }
    costs = [edge["node"] for edge in erp["actualCosts"]["edges"]]
    assert {c["currency"] for c in costs} == {erp["portfolio"]["currency"]} == {"EUR"}
    assert sum(Decimal(c["amount"]) for c in costs) == Decimal("594500.00")
    assert [c["externalSource"] for c in costs].count("erp") == 3
    assert {"Initiation", "Requirements", "Design"} <= {
        c["task"]["name"] for c in costs if c["task"]
    }
    assert {b["node"]["number"] for b in erp["baselines"]["edges"]} == {0, 1}
    # Earned value (the budget shared out by duration): on plan, 30 of the 100 days'
    # budget planned and earned at the status date; behind with Design a quarter done.
    assert (erp["evm"]["bac"], erp["evm"]["pv"], erp["evm"]["ev"]) == (
        "1850000.00",
        "555000.00",
        "555000.00",
    )
    assert erp["evm"]["spi"] == 1.0 and erp["evm"]["esDays"] == erp["evm"]["actualTimeDays"]
    assert behind["evm"]["spi"] == 0.833333 and behind["evm"]["spiT"] < 1
    for records in ("risks", "issues", "assumptions", "decisions", "statusUpdates", "members"):
        assert erp[records]["edges"], records
    [change] = erp["changeRequests"]["edges"]
    assert change["node"]["status"] == "approved"
    assert change["node"]["baselineNumber"] == 1
    assert {"key": "status-reporting", "status": "PUBLISHED"} in [
        s["node"] for s in data["standards"]["edges"]
    ]
    _governance_demo(graphql)
    _reporting_demo(graphql)
