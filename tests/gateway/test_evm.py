"""Earned value through the gateway (issue 10): ``project { evm(statusDate:) }`` with its
tasks and S-curve, ``portfolio { evm }`` and ``program { evm }`` over the real projects
service.

Each project: A (10 working days, 10,000) then B (10 days, 20,000) from Monday 6 January
2025, baseline 0 on that plan, then A done and B 20 % done at Friday 24 January, 14,000
spent: PV 20,000, EV 14,000, AC 14,000, so SPI 0.7, CPI 1, EAC = BAC / CPI = 30,000, and
earned schedule 12 working days of 15 elapsed (SPI(t) 0.8)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.gateway.conftest import Gateway, unique, uuid_of

PROJECT = """
query($id: ID!, $at: Date) {
  project(id: $id) {
    code
    evm(statusDate: $at) {
      statusDate currency bac pv ev ac sv cv spi cpi eac eacMethod eacComposite etc vac
      tcpiBac plannedDurationDays actualTimeDays esDays svTDays spiT ieacTDays esDate ieacTFinish
      tasks { name bac pv ev ac spi cpi esDays }
      curve { date pv ac ev }
    }
  }
}
"""
PORTFOLIO = """
query($id: ID!, $at: Date) {
  portfolio(id: $id) {
    evm(statusDate: $at) { projectCount bac pv ev ac spi cpi esDays spiT }
    projects { edges { node { code evm { statusDate spi cpi eac esDate } } } }
  }
}
"""

PROGRAM = """
query($id: ID!, $at: Date) {
  program(id: $id) {
    name
    evm(statusDate: $at) { statusDate currency projectCount bac pv ev ac spi cpi }
  }
}
"""
CREATE_PROGRAM = """
mutation($input: CreateProgramInput!) {
  createProgram(input: $input) { program { id } userErrors { field message } }
}
"""
JOIN_PROGRAM = """
mutation($input: UpdateProjectInput!) {
  updateProject(input: $input) { project { program { id } } userErrors { field message } }
}
"""


async def _ok(http: httpx.AsyncClient, method: str, path: str, body: Any = None) -> Any:
    response = await http.request(method, path, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _cost(
    http: httpx.AsyncClient, project_id: str, amount: str, day: str, task: dict
) -> None:
    body = {"incurred_on": day, "amount": amount, "currency": "EUR", "task_id": task["id"]}
    await _ok(http, "POST", f"/v1/projects/{project_id}/actual-costs", body)


async def _project(http: httpx.AsyncClient, portfolio_id: str) -> str:
    project = await _ok(
        http,
        "POST",
        "/v1/projects",
        {
            "code": unique("EVM"),
            "name": "Earned",
            "start_date": "2025-01-06",
            "currency": "EUR",
            "portfolio_id": portfolio_id,
        },
    )
    pid = project["id"]
    tasks = f"/v1/projects/{pid}/tasks"
    a = await _ok(http, "POST", tasks, {"name": "A", "duration_days": "10", "cost": "10000.00"})
    b = await _ok(http, "POST", tasks, {"name": "B", "duration_days": "10", "cost": "20000.00"})
    link = {"predecessor_id": a["id"], "successor_id": b["id"]}
    await _ok(http, "POST", f"/v1/projects/{pid}/dependencies", link)
    await _ok(http, "POST", f"/v1/projects/{pid}/baselines/0", {"name": "Plan"})
    await _ok(http, "PATCH", f"/v1/projects/{pid}/schedule-settings", {"status_date": "2025-01-24"})
    await _ok(http, "PATCH", f"/v1/tasks/{a['id']}", {"percent_complete": "100"})
    await _ok(http, "PATCH", f"/v1/tasks/{b['id']}", {"percent_complete": "20"})
    await _cost(http, pid, "10000.00", "2025-01-15", a)
    await _cost(http, pid, "4000.00", "2025-01-22", b)
    return str(pid)


async def test_a_project_evm_with_its_tasks_and_s_curve(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    portfolio = await _ok(projects_http, "POST", "/v1/portfolios", {"name": unique("EVM")})
    pid = await _project(projects_http, portfolio["id"])

    answer = await gateway.query(PROJECT, {"id": pid})

    assert "errors" not in answer, answer
    evm = answer["data"]["project"]["evm"]
    assert evm["statusDate"] == "2025-01-24" and evm["currency"] == "EUR"
    assert (evm["bac"], evm["pv"], evm["ev"], evm["ac"]) == (
        "30000.00",
        "20000.00",
        "14000.00",
        "14000.00",
    )
    assert (evm["spi"], evm["cpi"]) == (0.7, 1.0)
    assert evm["eac"] == "30000.00" and evm["eacMethod"] == "BAC_OVER_CPI"
    assert evm["eacComposite"] == "36857.14"  # 14,000 + 16,000 / 0.7
    assert (evm["esDays"], evm["actualTimeDays"], evm["spiT"]) == (12.0, 15.0, 0.8)
    assert evm["esDate"] == "2025-01-21" and evm["ieacTFinish"] == "2025-02-07"
    tasks = {task["name"]: task for task in evm["tasks"]}
    assert (tasks["B"]["pv"], tasks["B"]["ev"], tasks["B"]["ac"]) == (
        "10000.00",
        "4000.00",
        "4000.00",
    )
    assert tasks["A"]["cpi"] == 1.0 and tasks["B"]["esDays"] == 2.0
    at_status = [point for point in evm["curve"] if point["ev"] is not None]
    assert at_status == [
        {"date": "2025-01-24", "pv": "20000.00", "ac": "14000.00", "ev": "14000.00"}
    ]


async def test_a_portfolio_and_its_projects_in_bounded_calls(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    portfolio = await _ok(projects_http, "POST", "/v1/portfolios", {"name": unique("EVM")})
    for _ in range(3):
        await _project(projects_http, portfolio["id"])
    gateway.reset_calls()

    answer = await gateway.query(PORTFOLIO, {"id": portfolio["id"], "at": "2025-01-24"})

    assert "errors" not in answer, answer
    rolled = answer["data"]["portfolio"]["evm"]
    assert rolled["projectCount"] == 3
    assert (rolled["bac"], rolled["pv"], rolled["ev"], rolled["ac"]) == (
        "90000.00",
        "60000.00",
        "42000.00",
        "42000.00",
    )
    assert (rolled["spi"], rolled["cpi"], rolled["esDays"], rolled["spiT"]) == (0.7, 1.0, 12.0, 0.8)
    nodes = [edge["node"] for edge in answer["data"]["portfolio"]["projects"]["edges"]]
    assert [node["evm"]["spi"] for node in nodes] == [0.7, 0.7, 0.7]
    assert {node["evm"]["statusDate"] for node in nodes} == {"2025-01-24"}
    # The portfolio, its projects' page, its roll-up, and one metrics batch for the three.
    paths = gateway.transports["projects"].paths()
    assert paths.count("/v1/project-metrics") == 1, paths
    assert gateway.calls("projects") == 4, paths


async def test_a_status_date_before_the_start_is_bad_input(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    portfolio = await _ok(projects_http, "POST", "/v1/portfolios", {"name": unique("EVM")})
    pid = await _project(projects_http, portfolio["id"])

    answer = await gateway.query(PROJECT, {"id": pid, "at": "2024-12-31"})

    assert answer["data"]["project"]["evm"] is None
    [error] = answer["errors"]
    assert error["path"] == ["project", "evm"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def _mutate(gateway: Gateway, query: str, payload: str, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(query, {"input": input})
    assert "errors" not in answer, answer
    assert answer["data"][payload]["userErrors"] == [], answer
    return answer["data"][payload]


async def test_a_program_rolls_up_only_its_own_projects(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    portfolio = await _ok(projects_http, "POST", "/v1/portfolios", {"name": unique("EVM")})
    members = [await _project(projects_http, portfolio["id"]) for _ in range(2)]
    await _project(projects_http, portfolio["id"])  # of the portfolio, not of the program
    created = await _mutate(
        gateway, CREATE_PROGRAM, "createProgram", portfolioId=portfolio["id"], name=unique("EVM")
    )
    program_id = created["program"]["id"]
    for pid in members:
        joined = await _mutate(gateway, JOIN_PROGRAM, "updateProject", id=pid, programId=program_id)
        assert joined["project"]["program"] == {"id": program_id}
    gateway.reset_calls()

    answer = await gateway.query(PROGRAM, {"id": program_id, "at": "2025-01-24"})

    assert "errors" not in answer, answer
    evm = answer["data"]["program"]["evm"]
    assert (evm["statusDate"], evm["currency"], evm["projectCount"]) == ("2025-01-24", "EUR", 2)
    # Twice one project's figures; the third project of the portfolio is not counted.
    assert (evm["bac"], evm["pv"], evm["ev"], evm["ac"]) == (
        "60000.00",
        "40000.00",
        "28000.00",
        "28000.00",
    )
    assert (evm["spi"], evm["cpi"]) == (0.7, 1.0)
    # The program, then its roll-up: one call each.
    assert gateway.transports["projects"].paths() == [
        f"/v1/programs/{uuid_of(program_id)}",
        f"/v1/programs/{uuid_of(program_id)}/evm",
    ]
