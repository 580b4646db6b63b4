"""Standards and the portfolio summary through the gateway, over the real governance and
reporting services (reporting itself reads the real projects service)."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import Gateway, Seed, unique

CREATE_STANDARD = """
mutation($input: CreateStandardInput!) {
  createStandard(input: $input) {
    standard { id key revision title status version }
    userErrors { field message }
  }
}
"""
STANDARDS = """
query($first: Int, $after: String, $status: StandardStatus) {
  standards(first: $first, after: $after, status: $status) {
    edges { cursor node { id key status } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def _create_standard(gateway: Gateway, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(CREATE_STANDARD, {"input": input})
    assert "errors" not in answer, answer
    return answer["data"]["createStandard"]


async def test_create_and_read_standard(gateway: Gateway) -> None:
    key = unique("gw").lower()
    payload = await _create_standard(gateway, key=key, title="Weekly status", body="Report.")
    assert payload["userErrors"] == []
    standard = payload["standard"]
    assert (standard["key"], standard["revision"], standard["status"]) == (key, 1, "DRAFT")
    answer = await gateway.query(
        "query($id: ID!){ standard(id: $id) { key title } }", {"id": standard["id"]}
    )
    assert answer["data"]["standard"] == {"key": key, "title": "Weekly status"}


async def test_standard_user_errors(gateway: Gateway) -> None:
    bad_key = await _create_standard(gateway, key="Not A Key", title="x")
    assert {e["field"] for e in bad_key["userErrors"]} == {"key"}
    key = unique("gw").lower()
    await _create_standard(gateway, key=key, title="first")
    duplicate = await _create_standard(gateway, key=key, title="second")
    assert duplicate["standard"] is None
    assert {e["field"] for e in duplicate["userErrors"]} == {"key"}


async def test_standards_connection_pages(gateway: Gateway) -> None:
    keys = [unique("gwpage").lower() for _ in range(3)]
    for key in keys:
        await _create_standard(gateway, key=key, title=key)
    seen: list[str] = []
    after = None
    while True:
        answer = await gateway.query(STANDARDS, {"first": 2, "after": after, "status": "DRAFT"})
        connection = answer["data"]["standards"]
        seen += [edge["node"]["key"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert all(key in seen for key in keys)
    assert len(seen) == len(set(seen))


async def test_portfolio_summary(gateway: Gateway, seed_portfolio: Seed) -> None:
    portfolio, _ = await seed_portfolio(projects=2, tasks=2)
    answer = await gateway.query(
        """query($id: ID!) { portfolioSummary(portfolioId: $id) {
             portfolioId portfolioName projectCount taskCount taskPercentComplete
             projectsByStatus { status count } budgetTotals { amount currency } generatedAt
        } }""",
        {"id": str(portfolio.id)},
    )
    assert "errors" not in answer, answer
    summary = answer["data"]["portfolioSummary"]
    assert summary["portfolioName"] == portfolio.name
    assert (summary["projectCount"], summary["taskCount"]) == (2, 4)
    assert summary["projectsByStatus"] == [{"status": "proposed", "count": 2}]
    assert summary["budgetTotals"] == [{"amount": "2001.00", "currency": "EUR"}]
    assert summary["taskPercentComplete"] == 50.0


async def test_unknown_portfolio_summary_is_not_found(gateway: Gateway) -> None:
    answer = await gateway.query(
        '{ portfolioSummary(portfolioId: "00000000-0000-4000-8000-000000000000") { projectCount } }'
    )
    assert answer["data"] == {"portfolioSummary": None}
    assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND"
