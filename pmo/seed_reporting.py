"""The demo's reporting, loaded through the reporting API like any client would: a health
policy on the demo portfolio and today's snapshot of its projects, so the first GraphQL
query already shows each project's health with its reasons, and a trend point; then one
corrective action in the register (the snapshot's proposal for a red project, accepted,
or one recorded by hand) and a snapshot taken after it, so the action shows its effect
(before, after, deltas; nothing has changed in the plan yet, so it has not worked yet).

Repeating the seed changes nothing: the policy is set only while the default applies
(``If-Match: "0"``), a snapshot taken again the same day replaces that day's, and the
demo action (owned by ``DEMO_ACTION_OWNER``) is found again rather than recorded twice."""

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
DEMO_ACTION_OWNER = "dev-admin"
DEMO_ACTION = {
    "title": "Add a second developer to the critical tasks",
    "description": "Crash the critical path: a second developer on the late build tasks.",
    "owner": DEMO_ACTION_OWNER,
    "due_date": None,
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

    async def corrective_action(self, portfolio_id: str, project_id: str) -> dict[str, Any]:
        """The demo's action with its effect: the first proposal accepted (else one recorded
        on ``project_id``), then the project's snapshot taken again so the effect shows."""
        listed = await self.reporting.get_json(
            f"/v1/portfolios/{portfolio_id}/corrective-actions", {"limit": 100}
        )
        actions: list[dict[str, Any]] = listed["items"]
        demo = [a for a in actions if a["owner"] == DEMO_ACTION_OWNER]
        if demo:
            return demo[0]
        proposed = [a for a in actions if a["status"] == "proposed"]
        if proposed:
            action: dict[str, Any] = await self.reporting.send_json(
                "PATCH",
                f"/v1/corrective-actions/{proposed[0]['id']}",
                {**DEMO_ACTION, "status": "in_progress"},
                if_match=f'"{proposed[0]["version"]}"',
            )
        else:
            action = await self.reporting.send_json(
                "POST",
                "/v1/corrective-actions",
                {**DEMO_ACTION, "project_id": project_id, "status": "open"},
                idempotency_key=f"demo-corrective-action-{project_id}",
            )
        await self.reporting.send_json(
            "POST",
            "/v1/snapshots",
            {"project_ids": [action["project_id"]]},
            idempotency_key=f"demo-effect-snapshot-{action['id']}",
        )
        measured: dict[str, Any] = await self.reporting.get_json(
            f"/v1/corrective-actions/{action['id']}"
        )
        return measured
