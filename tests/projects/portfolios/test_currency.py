"""One currency per portfolio (issue 10): a portfolio's money rolls up in its currency, a
project priced in its own must use it, and a portfolio's currency changes only while
nothing in it uses another."""

from __future__ import annotations

import httpx
import pytest

from tests.projects.costs.factories import record_cost
from tests.projects.factories import create_portfolio, create_project


async def test_a_portfolio_has_a_currency_eur_by_default(client: httpx.AsyncClient) -> None:
    default = await create_portfolio(client)
    assert default["currency"] == "EUR"
    dollars = await create_portfolio(client, currency="USD")
    assert (await client.get(f"/v1/portfolios/{dollars['id']}")).json()["currency"] == "USD"
    listed = (await client.get("/v1/portfolios", params={"ids": dollars["id"]})).json()
    assert listed["items"][0]["currency"] == "USD"


@pytest.mark.parametrize("currency", ["usd", "EURO", "E1R", "", None, 978])
async def test_a_currency_is_three_capital_letters(client: httpx.AsyncClient, currency) -> None:
    response = await client.post("/v1/portfolios", json={"name": "X", "currency": currency})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "currency"
    portfolio = await create_portfolio(client)
    patched = await client.patch(f"/v1/portfolios/{portfolio['id']}", json={"currency": currency})
    assert patched.status_code == 422


async def test_projects_use_their_portfolios_currency(client: httpx.AsyncClient) -> None:
    euros = await create_portfolio(client)
    mismatch = await client.post(
        "/v1/projects",
        json={
            "code": "CUR-1",
            "name": "x",
            "portfolio_id": euros["id"],
            "budget": "10.00",
            "currency": "USD",
        },
    )
    assert mismatch.status_code == 422
    problem = mismatch.json()
    assert problem["type"].endswith("/currency-mismatch")
    assert "USD" in problem["detail"] and "EUR" in problem["detail"]
    assert problem["errors"] == [{"field": "currency", "message": "must be EUR, the portfolio's"}]

    priced = await create_project(client, portfolio_id=euros["id"], budget="10.00", currency="EUR")
    changed = await client.patch(f"/v1/projects/{priced['id']}", json={"currency": "GBP"})
    assert changed.status_code == 422 and changed.json()["type"].endswith("/currency-mismatch")
    # A project in dollars may not move into a euro portfolio either.
    loose = await create_project(client, budget="10.00", currency="USD")
    moved = await client.patch(f"/v1/projects/{loose['id']}", json={"portfolio_id": euros["id"]})
    assert moved.status_code == 422
    assert (await client.get(f"/v1/projects/{loose['id']}")).json()["portfolio_id"] is None
    both = await client.patch(
        f"/v1/projects/{loose['id']}", json={"portfolio_id": euros["id"], "currency": "EUR"}
    )
    assert both.status_code == 200, both.text


async def test_a_portfolio_currency_changes_only_when_nothing_uses_another(
    client: httpx.AsyncClient,
) -> None:
    portfolio = await create_portfolio(client)
    url = f"/v1/portfolios/{portfolio['id']}"
    # Nothing priced yet: the currency may change (and back).
    bare = await create_project(client, portfolio_id=portfolio["id"])
    assert (await client.patch(url, json={"currency": "USD"})).json()["currency"] == "USD"
    assert (await client.patch(url, json={"currency": "EUR"})).status_code == 200

    await record_cost(client, bare["id"], currency="EUR")
    refused = await client.patch(url, json={"currency": "USD"})
    assert refused.status_code == 409
    assert refused.json()["currencies_in_use"] == ["EUR"]
    assert (await client.get(url)).json()["currency"] == "EUR"

    other = await create_portfolio(client)
    await create_project(client, portfolio_id=other["id"], budget="5.00", currency="EUR")
    priced = await client.patch(f"/v1/portfolios/{other['id']}", json={"currency": "CHF"})
    assert priced.status_code == 409
    same = await client.patch(f"/v1/portfolios/{other['id']}", json={"currency": "EUR"})
    assert same.status_code == 200  # not a change
    renamed = await client.patch(f"/v1/portfolios/{other['id']}", json={"name": "Renamed"})
    assert renamed.status_code == 200 and renamed.json()["currency"] == "EUR"


async def test_a_project_keeps_the_currency_of_its_costs(client: httpx.AsyncClient) -> None:
    project = await create_project(client, budget="10.00", currency="USD")
    await record_cost(client, project["id"], currency="USD")
    refused = await client.patch(f"/v1/projects/{project['id']}", json={"currency": "EUR"})
    assert refused.status_code == 409
    assert "USD" in refused.json()["detail"]
    portfolio = await create_portfolio(client, currency="USD")
    moved = await client.patch(
        f"/v1/projects/{project['id']}", json={"portfolio_id": portfolio["id"]}
    )
    assert moved.status_code == 200, moved.text
