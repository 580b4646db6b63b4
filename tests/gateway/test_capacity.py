"""Capacity and over-allocations through GraphQL, on the real services: a person asked
for 60 % by a task of each of two projects of a portfolio, the same week."""

from __future__ import annotations

from typing import Any

import httpx

from tests.gateway.conftest import Gateway, unique
from tests.projects.capacity.factories import make_assignment

QUERY = """
query($id: ID!) {
  portfolio(id: $id) {
    capacity(from: "2025-01-06", to: "2025-01-19", grain: WEEK, by: RESOURCE) {
      from to grain by
      buckets { start end }
      rows {
        name kind resourceId resource { name maxUnits }
        demandHours capacityHours utilisation overAllocatedDays
        buckets { start demandHours otherDemandHours capacityHours utilisation overAllocated }
      }
    }
    overAllocations(from: "2025-01-06", to: "2025-01-19") {
      name kind from to days peakExcessHours excessHours resource { name }
      tasks { taskName projectId units }
    }
    projects { edges { node { name overAllocations { name from to tasks { taskName } } } } }
  }
}
"""


async def _ok(http: httpx.AsyncClient, path: str, body: Any) -> dict[str, Any]:
    response = await http.post(path, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_shared_person_over_allocated_across_a_portfolio(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    portfolio = await _ok(projects_http, "/v1/portfolios", {"name": unique("Capacity")})
    person = await _ok(projects_http, "/v1/resources", {"kind": "person", "name": unique("Ann")})
    for name in ("Alpha", "Beta"):
        project = await _ok(
            projects_http,
            "/v1/projects",
            {
                "code": unique("CAP"),
                "name": name,
                "portfolio_id": portfolio["id"],
                "start_date": "2025-01-06",
            },
        )
        task = await _ok(
            projects_http,
            f"/v1/projects/{project['id']}/tasks",
            {"name": f"{name} work", "duration_days": "5"},
        )
        await make_assignment(projects_http, task, person, "0.6")

    gateway.reset_calls()
    answer = await gateway.query(QUERY, {"id": portfolio["id"]})
    assert "errors" not in answer, answer
    found = answer["data"]["portfolio"]
    table = found["capacity"]
    assert (table["grain"], table["by"], len(table["buckets"])) == ("WEEK", "RESOURCE", 2)
    (row,) = table["rows"]
    assert (row["name"], row["resource"]["name"], row["kind"]) == (person["name"],) * 2 + (
        "person",
    )
    first, second = row["buckets"]
    assert (first["demandHours"], first["capacityHours"], first["utilisation"]) == (48.0, 40.0, 1.2)
    assert first["overAllocated"] is True and second["overAllocated"] is False
    assert (row["demandHours"], row["capacityHours"], row["overAllocatedDays"]) == (48.0, 80.0, 5)

    (period,) = found["overAllocations"]
    assert (period["from"], period["to"], period["days"]) == ("2025-01-06", "2025-01-10", 5)
    assert (period["peakExcessHours"], period["excessHours"]) == (1.6, 8.0)
    assert sorted(t["taskName"] for t in period["tasks"]) == ["Alpha work", "Beta work"]
    assert {t["units"] for t in period["tasks"]} == {"0.60"}
    # Each project lists its own task, the other's work counted.
    for edge in found["projects"]["edges"]:
        (own,) = edge["node"]["overAllocations"]
        assert [t["taskName"] for t in own["tasks"]] == [f"{edge['node']['name']} work"]
    # One call each for the portfolio, its capacity, its over-allocations, its projects,
    # each project's over-allocations and the resource (loaded once for both fields).
    assert gateway.calls("projects") == 7


async def test_a_bad_window_is_an_error_on_the_field(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    portfolio = await _ok(projects_http, "/v1/portfolios", {"name": unique("Capacity")})
    answer = await gateway.query(
        'query($id: ID!) { portfolio(id: $id) { name capacity(from: "2025-02-01", '
        'to: "2025-01-01") { from } } }',
        {"id": portfolio["id"]},
    )
    assert answer["data"]["portfolio"] == {"name": portfolio["name"], "capacity": None}
    (error,) = answer["errors"]
    assert error["path"] == ["portfolio", "capacity"]
    assert error["extensions"]["status"] == 422
