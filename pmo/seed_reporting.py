"""The demo's reporting, loaded through the reporting API like any client would: a health
policy on the demo portfolio and today's snapshot of its projects, so the first GraphQL
query already shows each project's health with its reasons, and a trend point.

Repeating the seed changes nothing: the policy is set only while the default applies
(``If-Match: "0"``), and a snapshot taken again the same day replaces that day's."""

from __future__ import annotations

from typing import Any

from shared.errors import PreconditionFailed
from shared.http import ServiceClient

# Tighter on schedule than the default (the demo's projects are measured against their
# baselines), and a "count" combination: red when any dimension is red or three are amber.
DEMO_POLICY: dict[str, Any] = {
    "thresholds": {
        "spi": {"amber": "0.97", "red": "0.9"},
        "spi_t": {"amber": "0.97", "red": "0.9"},
        "days_since_status_update": {"amber": 14, "red": 45},
    },
    "high_risk_score": 15,
    "combine": "count",
    "ambers_for_red": 3,
    "note": "Demo policy: schedule slips show early; three ambers make a project red.",
}


class ReportingSeed:
    def __init__(self, reporting: ServiceClient) -> None:
        self.reporting = reporting

    async def health_policy(self, portfolio_id: str) -> None:
        try:
            await self.reporting.send_json(
                "PUT",
                f"/v1/portfolios/{portfolio_id}/health-policy",
                DEMO_POLICY,
                if_match='"0"',
            )
        except PreconditionFailed:
            return  # set by an earlier seed (or by someone since): leave it

    async def snapshot(self, portfolio_id: str) -> dict[str, Any]:
        taken: dict[str, Any] = await self.reporting.send_json(
            "POST",
            "/v1/snapshots",
            {"portfolio_id": portfolio_id},
            idempotency_key=f"demo-snapshot-{portfolio_id}",
        )
        return taken
