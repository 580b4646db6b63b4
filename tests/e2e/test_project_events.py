"""Reporting follows the projects service's events with no one asking: at start it
subscribed itself (service:reporting, its own secret), the projects service's dispatcher
delivers each change, signed, to reporting's inbound endpoint, and reporting takes the
project's snapshot again. Nobody calls POST /v1/snapshots here."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx

from pmo.runner import SystemProcesses

CALLBACK = "/v1/inbound/project-events"


def _until(check: Callable[[], Any], seconds: float = 60.0, what: str = "") -> Any:
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.25)


def _subscription(projects: httpx.Client, reporting_url: str) -> dict[str, Any] | None:
    answer = projects.get("/v1/webhook-subscriptions", params={"limit": 500})
    assert answer.status_code == 200, answer.text
    mine = [s for s in answer.json()["items"] if s["url"] == reporting_url + CALLBACK]
    return mine[0] if mine else None


def _percent(reporting: httpx.Client, project_id: str) -> Decimal | None:
    answer = reporting.get(f"/v1/projects/{project_id}/snapshots")
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    if not items or items[-1]["percent_complete"] is None:
        return None
    return Decimal(items[-1]["percent_complete"])


def test_a_task_update_refreshes_reportings_snapshot(
    running_system: SystemProcesses, admin_token: str
) -> None:
    headers = {"authorization": f"Bearer {admin_token}"}
    reporting_url = running_system.url("reporting")
    with (
        httpx.Client(
            base_url=running_system.url("projects"), headers=headers, timeout=30
        ) as projects,
        httpx.Client(base_url=reporting_url, headers=headers, timeout=30) as reporting,
    ):
        subscription = _until(
            lambda: _subscription(projects, reporting_url), what="reporting's subscription"
        )
        assert subscription["owner"] == "service:reporting" and subscription["event_types"] == []
        assert subscription["owner_kind"] == "internal", subscription
        made = projects.post(
            "/v1/projects",
            json={
                "code": f"EVT-{time.time_ns() % 10**8}",
                "name": "Events",
                "start_date": "2026-03-02",
            },
        )
        assert made.status_code == 201, made.text
        pid = made.json()["id"]
        task = projects.post(
            f"/v1/projects/{pid}/tasks", json={"name": "Build", "duration_days": "10"}
        )
        assert task.status_code == 201, task.text
        # The creation's events already bring the first snapshot: nothing done yet.
        first = _until(lambda: _percent(reporting, pid) is not None, what="the first snapshot")
        assert first and _percent(reporting, pid) == 0
        started = time.monotonic()
        halfway = projects.patch(f"/v1/tasks/{task.json()['id']}", json={"percent_complete": 50})
        assert halfway.status_code == 200, halfway.text
        _until(lambda: _percent(reporting, pid) == 50, what="the refreshed snapshot")
        lag = time.monotonic() - started
        deliveries = projects.get(
            f"/v1/webhook-subscriptions/{subscription['id']}/deliveries", params={"limit": 500}
        ).json()["items"]
        ours = [d for d in deliveries if d["status"] == "succeeded"]
        assert ours, deliveries
        print(f"\ntask update -> reporting snapshot refreshed in {lag:.2f} s (coalescing 2 s)")
