"""The demo's money: what the two running projects spent up to the status date, most of it
pushed by the finance system (``external_source`` "erp", bulk, idempotent by its keys), the
rest entered by hand. Against the phases' budgets and progress it gives a CPI a little
under 1: ERP-2027 earned 555,000 for 594,500 spent (0.93), DC-EXIT 230,000 for 249,800
(0.92)."""

from __future__ import annotations

from typing import Any

from shared.http import ServiceClient

# (task, day incurred, amount, category, description)
Entry = tuple[str | None, str, str, str, str]

DEMO_COSTS: dict[str, dict[str, list[Entry]]] = {
    "ERP-2027": {
        "erp": [
            ("Initiation", "2026-09-07", "98000.00", "labour", "Project team, initiation"),
            ("Requirements", "2026-09-28", "301500.00", "labour", "Business analysts"),
            ("Design", "2026-10-09", "172000.00", "services", "Integrator, design sprints"),
        ],
        "hand": [
            (None, "2026-09-16", "8400.00", "travel", "Requirements workshops on site"),
            ("Design", "2026-10-05", "14600.00", "material", "Prototype licences"),
        ],
    },
    "DC-EXIT": {
        "erp": [
            ("Initiation", "2026-09-07", "44000.00", "labour", "Project team, initiation"),
            ("Requirements", "2026-09-28", "139000.00", "services", "Migration assessment"),
            ("Design", "2026-10-09", "61500.00", "services", "Landing zone design"),
        ],
        "hand": [(None, "2026-09-22", "5300.00", "travel", "Data-centre site visits")],
    },
}


def _entry(task_ids: dict[str, str], currency: str, entry: Entry) -> dict[str, Any]:
    task, day, amount, category, description = entry
    return {
        "incurred_on": day,
        "amount": amount,
        "currency": currency,
        "category": category,
        "task_id": task_ids[task] if task else None,
        "description": description,
    }


async def seed_costs(
    projects: ServiceClient, project_id: str, code: str, tasks: dict[str, Any], currency: str
) -> None:
    """The project's actual costs, if the demo has any for it; repeated, it changes nothing
    (the push is keyed, the entries by hand carry idempotency keys)."""
    spec = DEMO_COSTS.get(code)
    if spec is None:
        return
    task_ids = {name: task["id"] for name, task in tasks.items()}
    base = f"/v1/projects/{project_id}/actual-costs"
    pushed = [
        {
            **_entry(task_ids, currency, entry),
            "external_source": "erp",
            "external_id": f"{code}-GL-{number:04}",
        }
        for number, entry in enumerate(spec["erp"], start=1)
    ]
    await projects.send_json("POST", f"{base}/bulk", {"items": pushed})
    for number, entry in enumerate(spec["hand"]):
        await projects.send_json(
            "POST",
            base,
            _entry(task_ids, currency, entry),
            idempotency_key=f"demo-cost-{code}-{number}",
        )
