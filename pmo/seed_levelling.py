"""The demo's levelling example: a levelling preview of the demo portfolio, queued once the
people are on the phases and left as a preview (not applied), so Bruno's over-allocation
stays visible while the job shows what levelling would do: one of the two Build phases he
is on waits until he is done with the other, 40 working days (which one is a tie the
solver breaks by itself: the portfolio finishes on the same day either way). (The
portfolio, not one project: a project's levelling moves only its own tasks and does not
count the other projects' work on shared people, so levelling the ERP project alone moves
nothing.) ``make up`` prints the job's id; ``job(id)`` in GraphQL or ``GET /v1/jobs/{id}``
shows it, ``applyLevelling`` would apply it.

The job runs on the projects service's queue worker while the rest of the demo loads; the
seed waits for it at the end, a few seconds at most, then goes on (a job still running is
finished by the worker after the seed)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from shared.http import ServiceClient

LEVELLING_KEY = "demo-levelling-portfolio"
# The heuristic: instant on the demo's plan, and the same preview on every machine.
LEVELLING_REQUEST = {"method": "heuristic"}
WAIT_SECONDS = 10.0
FINISHED = ("succeeded", "failed", "cancelled")


async def queue_levelling(projects: ServiceClient, portfolio_id: str) -> dict[str, Any]:
    """Queue the preview; keyed, so asking again answers the same job."""
    job: dict[str, Any] = await projects.send_json(
        "POST",
        f"/v1/portfolios/{portfolio_id}/levelling-previews",
        LEVELLING_REQUEST,
        idempotency_key=LEVELLING_KEY,
    )
    return job


async def wait_for_levelling(
    projects: ServiceClient, job: dict[str, Any], seconds: float = WAIT_SECONDS
) -> dict[str, Any]:
    """The job once it has finished, or as it stands after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        job = await projects.get_json(f"/v1/jobs/{job['id']}")
        if job["state"] in FINISHED or time.monotonic() > deadline:
            return job
        await asyncio.sleep(0.2)


def describe(job: dict[str, Any], codes: dict[str, str]) -> str:
    """One line for ``make up``: the job, and what the preview would change (``codes``:
    project id -> code)."""
    line = f"levelling preview of the demo portfolio (not applied): job {job['id']}, {job['state']}"
    result = job.get("result")
    if job["state"] == "succeeded" and result:
        moved = [p for p in result["projects"] if p["delay_days"]]
        line += "; it would delay " + (
            ", ".join(
                f"{codes.get(p['project_id'], p['project_id'])} by {p['delay_days']} working days"
                for p in moved
            )
            or "nothing"
        )
    return line
