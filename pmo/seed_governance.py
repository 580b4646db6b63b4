"""The demo's governance, loaded through the governance API like any client would: a
lifecycle whose gate reviews approve and start the demo projects, standards holding rules
(the DCMA 14 checks among them), lessons learned, a template instantiated into a project,
deliverables, and a compliance evaluation of the whole portfolio.

Every POST carries a fixed Idempotency-Key, so a repeated or interrupted seed never creates
duplicates."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from shared.http import ServiceClient

LIFECYCLE_KEY = "pmo-standard"
# The phase a gate opens, by the project status it sets on entry.
PHASE_OF_STATUS = {"approved": "planning", "active": "execution"}
DEMO_LIFECYCLE: dict[str, Any] = {
    "key": LIFECYCLE_KEY,
    "name": "PMO standard lifecycle",
    "description": "Initiation, planning, execution and closure, with a gate between each.",
    "phases": [
        {"key": "initiation", "name": "Initiation"},
        {"key": "planning", "name": "Planning", "project_status": "approved"},
        {"key": "execution", "name": "Execution", "project_status": "active"},
        {"key": "closure", "name": "Closure", "project_status": "completed"},
    ],
    "gates": [
        {
            "from_phase": "initiation",
            "to_phase": "planning",
            "name": "Approval gate",
            "rules": [{"kind": "required_field", "params": {"field": "sponsor"}}],
            "checklist": [{"key": "business-case", "text": "Business case signed off"}],
            "approver_roles": ["admin"],
        },
        {
            "from_phase": "planning",
            "to_phase": "execution",
            "name": "Plan gate",
            "checklist": [{"key": "plan-reviewed", "text": "Plan reviewed by the PMO"}],
            "approver_roles": ["admin"],
        },
        {
            "from_phase": "execution",
            "to_phase": "closure",
            "name": "Closure gate",
            "checklist": [{"key": "acceptance", "text": "Customer acceptance recorded"}],
            "approver_roles": ["admin"],
        },
    ],
}
STATUS_RULES = [
    {"kind": "status_update_age", "params": {"max_age_days": 30}, "severity": "major"},
    {"kind": "risk_hygiene", "params": {"min_score": 12}, "severity": "major"},
    {"kind": "required_field", "params": {"field": "sponsor"}, "severity": "minor"},
    {
        "kind": "deliverable_present",
        "params": {"key": "charter", "phase": "planning", "later_phases": ["execution"]},
        "severity": "major",
    },
]
DEMO_LESSONS = [
    {
        "title": "Baseline the schedule before execution starts",
        "context": "ERP replacement, planning phase.",
        "what_happened": "Execution began without an approved baseline; variance was unknown.",
        "root_cause": "The plan gate had no baseline check.",
        "recommendation": "Make a baseline a criterion of the plan gate.",
        "category": "schedule",
        "tags": ["erp", "it-delivery"],
        "phase": "planning",
        "impact": "high",
    },
    {
        "title": "Rehearse the data migration twice",
        "context": "Data-centre exit, execution.",
        "what_happened": "The first migration rehearsal found 4% of records failing.",
        "root_cause": "Source data quality was assumed, not measured.",
        "recommendation": "Plan two full rehearsals and a data quality report before cut-over.",
        "category": "technical",
        "tags": ["infrastructure", "it-delivery"],
        "phase": "execution",
        "impact": "medium",
    },
    {
        "title": "Secure supplier capacity in the contract",
        "context": "ERP replacement, procurement.",
        "what_happened": "The integrator moved senior developers to another client.",
        "root_cause": "The contract named no key people.",
        "recommendation": "Name key people and a substitution clause in supplier contracts.",
        "category": "procurement",
        "tags": ["erp", "suppliers"],
        "phase": "planning",
        "impact": "high",
    },
]


class GovernanceSeed:
    """The governance half of the demo, through the governance service as the demo user."""

    def __init__(self, governance: ServiceClient) -> None:
        self.governance = governance

    async def post(self, path: str, body: Any, key: str, if_match: str | None = None) -> Any:
        return await self.governance.send_json(
            "POST", path, body, idempotency_key=f"demo-{key}", if_match=if_match
        )

    async def lifecycle(self) -> dict[str, Any]:
        lifecycle = await self.post("/v1/lifecycles", DEMO_LIFECYCLE, "lifecycle")
        return await self.post(
            f"/v1/lifecycles/{lifecycle['id']}/publish", None, "lifecycle-publish"
        )

    async def through_gates(
        self, lifecycle_id: str, project_id: str, code: str, statuses: list[str]
    ) -> None:
        """Approve and start a project the only way there is: a gate review into each
        phase, its checklist done and a `go` from every required approver."""
        await self.governance.send_json(
            "PUT", f"/v1/projects/{project_id}/lifecycle", {"lifecycle_id": lifecycle_id}
        )
        gates = {gate["to_phase"]: gate for gate in DEMO_LIFECYCLE["gates"]}
        for status in statuses:
            phase = PHASE_OF_STATUS[status]
            review = await self.post(
                "/v1/gate-reviews",
                {"project_id": project_id, "to_phase": phase},
                f"review-{code}-{phase}",
            )
            for item in gates[phase]["checklist"]:
                review = await self.governance.send_json(
                    "PUT",
                    f"/v1/gate-reviews/{review['id']}/checklist/{item['key']}",
                    {"done": True, "comment": "Checked in the demo seed."},
                )
            await self.post(
                f"/v1/gate-reviews/{review['id']}/decisions",
                {"decision": "go", "comment": "Ready."},
                f"decision-{code}-{phase}",
            )

    async def standards(self) -> None:
        """Status reporting (a few governance rules) and schedule quality (every DCMA check,
        with DCMA's own limits, which the registry gives as each kind's example)."""
        kinds = (await self.governance.get_json("/v1/rule-kinds"))["items"]
        dcma = [
            {"kind": k["name"], "params": k["example"], "severity": "minor"}
            for k in kinds
            if k["category"] == "dcma"
        ]
        await self._standard("status-reporting", "Status reporting and RAID hygiene", STATUS_RULES)
        await self._standard("schedule-quality", "Schedule quality (DCMA 14-point)", dcma)

    async def _standard(self, key: str, title: str, rules: list[dict[str, Any]]) -> None:
        standard = await self.post(
            "/v1/standards", {"key": key, "title": title, "body": title}, f"standard-{key}"
        )
        for number, rule in enumerate(rules):
            await self.post(
                f"/v1/standards/{standard['id']}/rules", rule, f"standard-{key}-rule-{number}"
            )
        await self.post(f"/v1/standards/{standard['id']}/publish", None, f"standard-{key}-pub")

    async def lessons(self, source_project_id: str) -> None:
        for number, lesson in enumerate(DEMO_LESSONS):
            body = {**lesson, "source_project_id": source_project_id}
            await self.post("/v1/lessons", body, f"lesson-{number}")

    async def deliverable(self, project_id: str, code: str) -> None:
        await self.post(
            f"/v1/projects/{project_id}/deliverables",
            {"key": "charter", "name": "Project charter", "status": "accepted"},
            f"deliverable-{code}-charter",
        )

    async def template(self, portfolio_id: str, tasks: list[tuple[str, int]]) -> dict[str, Any]:
        """The IT delivery template (the demo plan as a blueprint), instantiated once: the
        answer carries the new project and the lessons that match the template."""
        keys = [name.lower().replace(" ", "-") for name, _ in tasks]
        body = {
            "key": "it-delivery",
            "name": "IT delivery project",
            "description": "A software delivery from initiation to go-live.",
            "category": "schedule",
            "tags": ["it-delivery"],
            "lifecycle_key": LIFECYCLE_KEY,
            "tasks": [
                {"key": key, "name": name, "duration_days": str(days), "milestone": days == 0}
                for key, (name, days) in zip(keys, tasks, strict=True)
            ],
            "dependencies": [{"predecessor_key": a, "successor_key": b} for a, b in pairwise(keys)],
            "raid": {"risks": [{"title": "Key people leave", "probability": 2, "impact": 4}]},
            "deliverables": [{"key": "charter", "name": "Project charter", "phase": "planning"}],
            "standard_keys": ["status-reporting", "schedule-quality"],
        }
        template = await self.post("/v1/templates", body, "template")
        await self.post(f"/v1/templates/{template['id']}/publish", None, "template-publish")
        return await self.post(
            f"/v1/templates/{template['id']}/instantiations",
            {
                "name": "Mobile banking app",
                "code": "MOB-APP",
                "start_date": date(2026, 11, 2).isoformat(),
                "manager": "dev-admin",
                "sponsor": "CDO",
                "portfolio_id": portfolio_id,
            },
            "template-instantiation",
        )

    async def evaluate(self, portfolio_id: str) -> None:
        await self.post("/v1/evaluations", {"portfolio_id": portfolio_id}, "evaluation")
