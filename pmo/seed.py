"""The demo portfolio, loaded through the public APIs like any client would.

Every POST carries a fixed Idempotency-Key, so a repeated or interrupted seed never
creates duplicates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx

from pmo.seed_archive import describe_archived, seed_archived_project
from pmo.seed_assignments import seed_assignments
from pmo.seed_corrective import seed_corrective
from pmo.seed_costs import seed_costs
from pmo.seed_governance import GovernanceSeed
from pmo.seed_levelling import describe, queue_levelling, wait_for_levelling
from pmo.seed_reporting import ReportingSeed
from pmo.seed_resources import seed_resources
from pmo.seed_risk import describe_risk, queue_risk_analysis, wait_for_risk_analysis
from shared.http import ServiceClient

DEMO_PROJECTS: list[dict[str, Any]] = [
    {
        "code": "ERP-2027",
        "name": "ERP replacement",
        "budget": "1850000.00",
        "status_path": ["approved", "active"],
        "tags": ["finance", "erp"],
        "priority": "critical",
        "program": True,
        # On plan at the status date: two phases done, Design half done across it.
        "progress": {"Initiation": 100, "Requirements": 100, "Design": 50},
    },
    {
        "code": "DC-EXIT",
        "name": "Data-centre exit",
        "budget": "920000.00",
        "status_path": ["approved", "active"],
        "tags": ["infrastructure"],
        "priority": "high",
        # Behind: Design a quarter done. Scheduled as MS Project does with its remaining work
        # moved forward to the status date, which splits it (is_split, stop and resume).
        "progress": {"Initiation": 100, "Requirements": 100, "Design": 25},
        "settings": {"progress_mode": "ms_project", "move_remaining_starts_forward": True},
    },
    {
        "code": "HR-SELF",
        "name": "HR self-service portal",
        "budget": "310000.00",
        "status_path": ["approved"],
        "tags": ["hr"],
        "priority": "medium",
    },
    {
        "code": "CRM-UPG",
        "name": "CRM upgrade",
        "budget": "450000.00",
        "status_path": [],
        "tags": ["sales"],
        "priority": "medium",
        "program": True,
    },
]
DEMO_PORTFOLIO = "Digital Transformation"
DEMO_CURRENCY = "EUR"
# Groups the projects marked "program" above; the others belong to no program.
DEMO_PROGRAM = "Core business systems"
DEMO_TASKS = [
    ("Initiation", 5),
    ("Requirements", 15),
    ("Design", 20),
    ("Build", 40),
    ("Test", 20),
    ("Go-live", 0),
]
DEMO_START = date(2026, 9, 1)
# Design runs from 29 September; by Monday 12 October ten of its twenty days have passed.
DEMO_STATUS_DATE = date(2026, 10, 12)


async def seed_demo(
    projects_url: str,
    governance_url: str,
    token: str,
    *,
    reporting_url: str | None = None,
    only_if_empty: bool = True,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    say: Callable[[str], None] | None = None,
) -> bool:
    """Load the demo data; by default only into a projects database without portfolios
    (``only_if_empty=False`` loads it beside other data: the keys keep it loaded once).
    With ``reporting_url``, also a health policy and today's snapshot of the portfolio.
    ``transports`` (by service name): in-process apps instead of the network. ``say`` is
    told what a newcomer should look at first (the levelling preview's job, the risk
    analysis' P50 and P80)."""
    transports = transports or {}
    async with (
        ServiceClient(projects_url, token=token, transport=transports.get("projects")) as projects,
        ServiceClient(
            governance_url, token=token, transport=transports.get("governance")
        ) as governance,
    ):
        existing = await projects.get_json("/v1/portfolios", {"limit": 1})
        if only_if_empty and existing["items"]:
            return False
        gov = GovernanceSeed(governance)
        lifecycle = await gov.lifecycle()
        portfolio = await projects.send_json(
            "POST",
            "/v1/portfolios",
            {"name": DEMO_PORTFOLIO, "description": "Demo portfolio", "currency": DEMO_CURRENCY},
            idempotency_key="demo-portfolio",
        )
        program = await projects.send_json(
            "POST",
            "/v1/programs",
            {
                "portfolio_id": portfolio["id"],
                "name": DEMO_PROGRAM,
                "description": "The systems the business runs on: ERP and CRM",
                "manager": "dev-admin",
            },
            idempotency_key="demo-program",
        )
        await seed_resources(projects, DEMO_CURRENCY)
        seeded = [
            await _seed_project(projects, gov, lifecycle["id"], portfolio["id"], program, spec)
            for spec in DEMO_PROJECTS
        ]
        await seed_assignments(projects, seeded)
        await seed_corrective(projects, seeded)
        archived = await seed_archived_project(projects, portfolio["id"])
        # Queued now, computed by the worker while the governance data loads.
        levelling = await queue_levelling(projects, portfolio["id"])
        forecast = await queue_risk_analysis(projects, seeded[0])
        await gov.standards()
        await gov.deliverable(seeded[0]["id"], seeded[0]["code"])
        await gov.lessons(seeded[0]["id"])
        await gov.template(portfolio["id"], DEMO_TASKS)
        await gov.evaluate(portfolio["id"])
        levelling = await wait_for_levelling(projects, levelling)
        forecast = await wait_for_risk_analysis(projects, forecast)
        if say is not None:
            say(describe(levelling, {p["id"]: p["code"] for p in seeded}))
            say(describe_risk(forecast, seeded[0]["code"]))
            say(describe_archived(archived))
    if reporting_url is not None:
        await _seed_reporting(
            reporting_url, token, portfolio["id"], seeded[0]["id"], transports.get("reporting")
        )
    return True


async def _seed_reporting(
    reporting_url: str,
    token: str,
    portfolio_id: str,
    project_id: str,
    transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """After the compliance evaluation: the snapshot holds the projects' scores; then the
    demo's corrective action with its effect."""
    async with ServiceClient(reporting_url, token=token, transport=transport) as reporting:
        seed = ReportingSeed(reporting)
        await seed.health_policy(portfolio_id)
        await seed.snapshot(portfolio_id)
        await seed.corrective_action(portfolio_id, project_id)


async def _seed_project(
    projects: ServiceClient,
    gov: GovernanceSeed,
    lifecycle_id: str,
    portfolio_id: str,
    program: dict[str, Any],
    spec: dict[str, Any],
) -> dict[str, Any]:
    start = DEMO_START
    project = await projects.send_json(
        "POST",
        "/v1/projects",
        {
            "portfolio_id": portfolio_id,
            "program_id": program["id"] if spec.get("program") else None,
            "code": spec["code"],
            "name": spec["name"],
            "budget": spec["budget"],
            "currency": DEMO_CURRENCY,
            "tags": spec["tags"],
            "priority": spec["priority"],
            "start_date": start.isoformat(),
            "target_date": (start + timedelta(days=240)).isoformat(),
            "sponsor": "CFO",
            "manager": "dev-admin",
        },
        idempotency_key=f"demo-project-{spec['code']}",
    )
    tasks = await _seed_plan(projects, project["id"], spec["code"], spec["budget"])
    await gov.through_gates(lifecycle_id, project["id"], spec["code"], spec["status_path"])
    if spec["status_path"][-1:] == ["active"]:
        await _seed_records(projects, project["id"], spec["code"])
    if "progress" in spec:  # after the baselines: progress is measured against them
        await _seed_progress(projects, project["id"], tasks, spec)
        await seed_costs(projects, project["id"], spec["code"], tasks, DEMO_CURRENCY)
    return project


async def _seed_plan(
    projects: ServiceClient, project_id: str, code: str, budget: str
) -> dict[str, Any]:
    """The phases, each following the last: the scheduler computes dates and the critical
    path. Each phase's budget (its cost, which the baselines capture) is the project's
    budget shared out by duration."""
    tasks: dict[str, Any] = {}
    previous = None
    per_day = Decimal(budget) / sum(days for _, days in DEMO_TASKS)
    for name, days in DEMO_TASKS:
        cost = (per_day * days).quantize(Decimal("0.01"))
        task = await projects.send_json(
            "POST",
            f"/v1/projects/{project_id}/tasks",
            {"name": name, "duration_days": str(days), "cost": str(cost)},
            idempotency_key=f"demo-task-{code}-{name}",
        )
        if previous is not None:
            await projects.send_json(
                "POST",
                f"/v1/projects/{project_id}/dependencies",
                {"predecessor_id": previous["id"], "successor_id": task["id"], "type": "FS"},
                idempotency_key=f"demo-link-{code}-{name}",
            )
        tasks[name] = previous = task
    return tasks


async def _seed_progress(
    projects: ServiceClient, project_id: str, tasks: dict[str, Any], spec: dict[str, Any]
) -> None:
    """A status date and percent complete, entered in plan order once the links are there:
    each task then takes its scheduled start (and finish, when done) as its actual dates,
    as MS Project does. PATCHes of the same values: a repeated seed changes nothing."""
    settings = {"status_date": DEMO_STATUS_DATE.isoformat(), **spec.get("settings", {})}
    await projects.send_json("PATCH", f"/v1/projects/{project_id}/schedule-settings", settings)
    for name, percent in spec["progress"].items():
        await projects.send_json(
            "PATCH", f"/v1/tasks/{tasks[name]['id']}", {"percent_complete": str(percent)}
        )


async def _seed_records(projects: ServiceClient, project_id: str, code: str) -> None:
    """What a running project carries besides its plan: a baseline, a RAID log, a change
    request decided against it (with a re-baseline) and a status update."""
    base = f"/v1/projects/{project_id}"

    async def post(path: str, body: dict[str, Any] | None, key: str) -> Any:
        return await projects.send_json("POST", path, body, idempotency_key=f"demo-{code}-{key}")

    await post(f"{base}/baselines/0", {"name": "Approved plan"}, "baseline-0")
    for number, (kind, body) in enumerate(_RAID_ENTRIES):
        await post(f"{base}/{kind}", body, f"{kind}-{number}")
    await post(f"{base}/status-updates", _STATUS_UPDATE, "status-update")
    change = await post(f"{base}/change-requests", _CHANGE_REQUEST, "change-request")
    submitted = await projects.send_json(
        "POST",
        f"/v1/change-requests/{change['id']}/submit",
        None,
        if_match=f'"{change["version"]}"',
    )
    await projects.send_json(
        "POST",
        f"/v1/change-requests/{change['id']}/approve",
        {"note": "Within contingency", "set_baseline": 1},
        if_match=f'"{submitted["version"]}"',
    )


_RAID_ENTRIES: list[tuple[str, dict[str, Any]]] = [
    (
        "risks",
        {
            "title": "Key supplier capacity",
            "owner": "dev-admin",
            "probability": 4,
            "impact": 4,
            "response_strategy": "mitigate",
            "mitigation": "Second supplier on standby",
        },
    ),
    ("risks", {"title": "Data migration quality", "probability": 3, "impact": 5}),
    ("issues", {"title": "Test environment late", "severity": "high", "owner": "dev-admin"}),
    ("assumptions", {"title": "Licences approved by Q3"}),
    ("decisions", {"title": "Cloud hosting", "decision": "Host in the EU region"}),
]
_STATUS_UPDATE = {
    "as_of": "2026-10-15",
    "overall_rag": "amber",
    "schedule_rag": "amber",
    "cost_rag": "green",
    "scope_rag": "green",
    "risk_rag": "amber",
    "narrative": "Design slipped a week; recovery plan agreed.",
}
_CHANGE_REQUEST = {
    "title": "Add e-invoicing module",
    "reason": "New legal requirement",
    "schedule_impact_days": "10",
    "cost_impact": "45000.00",
    "currency": "EUR",
}
