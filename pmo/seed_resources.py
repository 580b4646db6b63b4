"""The demo's resource pool: a handful of people pushed by the HR system (``external_source``
"hr", bulk, keyed) and two generic roles to plan with before people are named, each with
its hourly rates; one person has a holiday booked."""

from __future__ import annotations

from typing import Any

from shared.http import ServiceClient

HR_SOURCE = "hr"
# (external id, kind, name, email, role, skills, max units)
Person = tuple[str, str, str, str | None, str, list[str], str]
DEMO_RESOURCES: list[Person] = [
    ("E-1001", "person", "Alice Martin", "alice@example.org", "Project manager", ["pm"], "1.00"),
    ("E-1002", "person", "Bruno Keller", "bruno@example.org", "Developer", ["python"], "1.00"),
    ("E-1003", "person", "Chiara Rossi", "chiara@example.org", "Analyst", ["sql"], "0.80"),
    ("E-1004", "person", "Deniz Kaya", "deniz@example.org", "Architect", ["cloud"], "0.50"),
    ("R-DEV-SR", "role", "Senior developer", None, "Developer", ["python", "sql"], "3.00"),
    ("R-BA", "role", "Business analyst", None, "Analyst", ["sql"], "2.00"),
]
# external id -> [(effective from, rate per hour)], all in the demo's currency
DEMO_RATES: dict[str, list[tuple[str, str]]] = {
    "E-1001": [("2026-01-01", "110.00")],
    "E-1002": [("2026-01-01", "85.00"), ("2026-07-01", "90.00")],
    "E-1003": [("2026-01-01", "80.00")],
    "E-1004": [("2026-01-01", "125.00")],
    "R-DEV-SR": [("2026-01-01", "95.00")],
    "R-BA": [("2026-01-01", "82.50")],
}
DEMO_TIME_OFF = {"E-1002": ("2026-10-19", "2026-10-23", "Autumn holiday")}


def _item(person: Person) -> dict[str, Any]:
    external_id, kind, name, email, role, skills, units = person
    return {
        "external_source": HR_SOURCE,
        "external_id": external_id,
        "kind": kind,
        "name": name,
        "email": email,
        "role_name": role,
        "skills": skills,
        "max_units": units,
    }


async def seed_resources(projects: ServiceClient, currency: str) -> None:
    """Pushed again, the pool changes nothing; rates and time off are added to the resources
    this push created only (the same day's rate twice would be refused)."""
    pushed = await projects.send_json(
        "POST", "/v1/resources/bulk", {"items": [_item(p) for p in DEMO_RESOURCES]}
    )
    for result in pushed["items"]:
        if result["status"] != "created":
            continue
        base = f"/v1/resources/{result['id']}"
        for day, rate in DEMO_RATES.get(result["external_id"], []):
            body = {"effective_from": day, "rate_per_hour": rate, "currency": currency}
            await projects.send_json("POST", f"{base}/rates", body)
        if (period := DEMO_TIME_OFF.get(result["external_id"])) is not None:
            first, last, reason = period
            body = {"from_date": first, "to_date": last, "reason": reason}
            await projects.send_json("POST", f"{base}/time-off", body)
