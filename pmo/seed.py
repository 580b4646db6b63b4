"""The demo portfolio, loaded through the public APIs like any client would.

Every POST carries a fixed Idempotency-Key, so a repeated or interrupted seed never
creates duplicates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from shared.http import ServiceClient

DEMO_PROJECTS: list[dict[str, Any]] = [
    {
        "code": "ERP-2027",
        "name": "ERP replacement",
        "budget": "1850000.00",
        "status_path": ["approved", "active"],
        "tags": ["finance", "erp"],
        "priority": "critical",
    },
    {
        "code": "DC-EXIT",
        "name": "Data-centre exit",
        "budget": "920000.00",
        "status_path": ["approved", "active"],
        "tags": ["infrastructure"],
        "priority": "high",
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
    },
]
DEMO_TASKS = [
    ("Initiation", 5, 100),
    ("Requirements", 15, 80),
    ("Design", 20, 40),
    ("Build", 40, 10),
    ("Test", 20, 0),
    ("Go-live", 0, 0),
]


async def seed_demo(projects_url: str, governance_url: str, token: str) -> bool:
    """Load the demo data unless the projects database already has portfolios."""
    async with (
        ServiceClient(projects_url, token=token) as projects,
        ServiceClient(governance_url, token=token) as governance,
    ):
        existing = await projects.get_json("/v1/portfolios", {"limit": 1})
        if existing["items"]:
            return False
        portfolio = await projects.send_json(
            "POST",
            "/v1/portfolios",
            {"name": "Digital Transformation", "description": "Demo portfolio"},
            idempotency_key="demo-portfolio",
        )
        for spec in DEMO_PROJECTS:
            await _seed_project(projects, portfolio["id"], spec)
        await _seed_standard(governance)
    return True


async def _seed_project(projects: ServiceClient, portfolio_id: str, spec: dict[str, Any]) -> None:
    start = date(2026, 9, 1)
    project = await projects.send_json(
        "POST",
        "/v1/projects",
        {
            "portfolio_id": portfolio_id,
            "code": spec["code"],
            "name": spec["name"],
            "budget": spec["budget"],
            "currency": "EUR",
            "tags": spec["tags"],
            "priority": spec["priority"],
            "start_date": start.isoformat(),
            "target_date": (start + timedelta(days=240)).isoformat(),
            "sponsor": "CFO",
            "manager": "dev-admin",
        },
        idempotency_key=f"demo-project-{spec['code']}",
    )
    previous = None
    for name, days, percent in DEMO_TASKS:
        task = await projects.send_json(
            "POST",
            f"/v1/projects/{project['id']}/tasks",
            {"name": name, "duration_days": str(days), "percent_complete": str(percent)},
            idempotency_key=f"demo-task-{spec['code']}-{name}",
        )
        if previous is not None:
            # Each phase follows the last: the scheduler computes dates and the critical path.
            await projects.send_json(
                "POST",
                f"/v1/projects/{project['id']}/dependencies",
                {"predecessor_id": previous["id"], "successor_id": task["id"], "type": "FS"},
                idempotency_key=f"demo-link-{spec['code']}-{name}",
            )
        previous = task
    version = project["version"]
    for status in spec["status_path"]:
        updated = await projects.send_json(
            "PATCH",
            f"/v1/projects/{project['id']}",
            {"status": status},
            if_match=f'"{version}"',
        )
        version = updated["version"]


async def _seed_standard(governance: ServiceClient) -> None:
    standard = await governance.send_json(
        "POST",
        "/v1/standards",
        {
            "key": "status-reporting",
            "title": "Status reporting",
            "body": "Every active project posts a status update at least every 14 days.",
        },
        idempotency_key="demo-standard-status-reporting",
    )
    await governance.send_json("POST", f"/v1/standards/{standard['id']}/publish", None)
