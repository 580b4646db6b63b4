"""A PATCH that sets a required field to null is a 422 naming the field, never a 500 (the
fuzzer found ``status: null`` and ``tags: null`` on a project)."""

from __future__ import annotations

import pytest

from tests.projects.factories import create_portfolio, create_project


@pytest.mark.parametrize("field", ["status", "tags", "name", "priority"])
async def test_clearing_a_required_project_field_is_422(client, field: str) -> None:
    project = await create_project(client)
    response = await client.patch(f"/v1/projects/{project['id']}", json={field: None})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (await client.get(f"/v1/projects/{project['id']}")).json() == project


async def test_clearing_a_portfolio_name_is_422(client) -> None:
    portfolio = await create_portfolio(client)
    response = await client.patch(f"/v1/portfolios/{portfolio['id']}", json={"name": None})
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"field": "name", "message": "may not be null"}]
