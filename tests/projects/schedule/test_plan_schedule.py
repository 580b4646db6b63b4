"""A small plan through the API: every link type, a lag and a lead, a constraint, a milestone
and a summary; the stored dates and floats are worked out by hand in the comments (default
calendar: Mon-Fri, 08-12 and 13-17; the project starts Monday 2025-01-06)."""

from __future__ import annotations

import httpx

from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project, get_task


async def test_plan_with_every_link_type(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    phase = await add_task(client, pid, name="Phase")
    a = await add_task(client, pid, name="A", duration_days="3", parent_id=phase["id"])
    b = await add_task(client, pid, name="B", duration_days="2", parent_id=phase["id"])
    c = await add_task(client, pid, name="C", duration_days="4")
    d = await add_task(client, pid, name="D", duration_days="2")
    e = await add_task(client, pid, name="E", duration_days="1")
    f = await add_task(
        client,
        pid,
        name="F",
        duration_days="1",
        constraint_type="SNET",
        constraint_date="2025-01-13",
    )
    m = await add_task(client, pid, name="M", duration_days="0")
    await link(client, pid, a, b)  # FS
    await link(client, pid, a, c, type="SS", lag_days="1")
    await link(client, pid, b, d, type="FF", lag_days="-1")  # a lead
    await link(client, pid, c, e, type="SF", lag_days="2")
    await link(client, pid, d, f)
    for predecessor in (b, c, f):
        await link(client, pid, predecessor, m)

    got = {t["name"]: await get_task(client, t) for t in (phase, a, b, c, d, e, f, m)}

    def dates(name: str) -> tuple[str, str, str, str]:
        t = got[name]
        return t["early_start"], t["early_finish"], t["late_start"], t["late_finish"]

    # A: Mon-Wed. Late: C (SS+1) must start by Wed 8th, so A by Tue 7th: 1 day of float.
    assert dates("A") == (
        "2025-01-06T08:00:00",
        "2025-01-08T17:00:00",
        "2025-01-07T08:00:00",
        "2025-01-09T17:00:00",
    )
    # B: after A, Thu-Fri; may finish as late as M, Mon 13th.
    assert dates("B") == (
        "2025-01-09T08:00:00",
        "2025-01-10T17:00:00",
        "2025-01-10T08:00:00",
        "2025-01-13T17:00:00",
    )
    # C: a day after A starts, Tue-Fri.
    assert dates("C")[:2] == ("2025-01-07T08:00:00", "2025-01-10T17:00:00")
    # D: finishes a day before B (FF with a one-day lead): Wed-Thu.
    assert dates("D")[:2] == ("2025-01-08T08:00:00", "2025-01-09T17:00:00")
    # E: finishes no earlier than two days after C starts (SF+2): Wed 8th.
    assert dates("E")[:2] == ("2025-01-08T08:00:00", "2025-01-08T17:00:00")
    # F: D would allow Fri 10th; SNET holds it to Mon 13th.
    assert dates("F") == (
        "2025-01-13T08:00:00",
        "2025-01-13T17:00:00",
        "2025-01-13T08:00:00",
        "2025-01-13T17:00:00",
    )
    # M: a milestone at the end of Mon 13th.
    assert dates("M")[:2] == ("2025-01-13T17:00:00", "2025-01-13T17:00:00")
    assert got["M"]["is_milestone"] is True

    floats = {name: (t["total_float_days"], t["critical"]) for name, t in got.items()}
    assert floats["A"] == ("1.0000", False)
    assert floats["B"] == ("1.0000", False)
    assert floats["C"] == ("1.0000", False)
    assert floats["D"] == ("1.0000", False)
    assert floats["F"] == ("0.0000", True)
    assert floats["M"] == ("0.0000", True)
    # F cannot start before Mon 13th anyway, so D can slip a day without moving it.
    assert got["D"]["free_float_days"] == "1.0000"
    # The summary rolls up A and B, and the WBS follows the outline.
    assert dates("Phase")[:2] == ("2025-01-06T08:00:00", "2025-01-10T17:00:00")
    assert got["Phase"]["is_summary"] is True
    assert [got[n]["wbs_code"] for n in ("Phase", "A", "B", "C")] == ["1", "1.1", "1.2", "2"]
    assert got["A"]["start_date"] == "2025-01-06"
    assert got["A"]["finish_date"] == "2025-01-08"

    project = (await client.get(f"/v1/projects/{pid}")).json()
    assert project["scheduled_start"] == "2025-01-06T08:00:00"
    assert project["scheduled_finish"] == "2025-01-13T17:00:00"
