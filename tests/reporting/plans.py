"""A project with a baseline, progress and actual costs, committed in the projects service
(reporting reads it over HTTP, in its own transactions).

Reference figures (the earned value tests' plan, ``tests/projects/evm/factories.py``): from
Monday 6 January 2025, A (10 working days, 10,000) then B (10 days, 20,000) then the
milestone M (1,000) on Friday 31 January; baseline 0 on that plan; status date Friday
24 January with A done and B 20 % done. PV 20,000 (A, and half of B's days), EV 14,000
(10,000 + 20 % of 20,000), so SPI 0.7; earned schedule: 14,000 is planned by the end of
day 12 (A's 10 days at 1,000, then two of B's at 2,000) of the 15 working days to the
status date, so SPI(t) 0.8. Actual costs 15,500 by then (and 1,000 after it, not counted):
CPI 14,000 / 15,500 = 0.903226. The remaining 8 days of B run from the status date, so the
milestone slips 3 working days past its baseline (float consumed 3).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import httpx

from tests.projects.evm.factories import reference_costs, reference_plan

SPI = Decimal("0.7")
SPI_T = Decimal("0.8")
CPI = Decimal("0.903226")


async def behind_plan(
    projects: httpx.AsyncClient, portfolio_id: str | None = None
) -> dict[str, Any]:
    """The reference plan with its costs (recorded through the projects API, in EUR): SPI
    0.7, CPI 0.903226."""
    fields = {"portfolio_id": portfolio_id} if portfolio_id else {}
    plan = await reference_plan(projects, **fields)
    await reference_costs(projects, plan)
    return plan


async def portfolio(projects: httpx.AsyncClient) -> str:
    answer = await projects.post("/v1/portfolios", json={"name": f"Health {uuid.uuid4().hex[:6]}"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])
