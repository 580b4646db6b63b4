"""Corrective options through the API, gains worked out by hand.

Plans start on Monday 2027-01-04 on the default calendar (Mon-Fri, 8 h). A chain T1 (4 d)
-> T2 (4 d) -> T3 (2 d) finishes on Fri 15th (10 working days: T1 Mon 4-Thu 7, T2 Fri 8-
Wed 13, T3 Thu 14-Fri 15)."""

from __future__ import annotations

import httpx

from tests.projects.corrective.factories import (
    apply_and_approve,
    chain,
    finish_of,
    link,
    of_kind,
    optional_lag,
    optional_task,
    propose,
)


async def test_fast_tracking_gains_the_overlap_and_approval_shortens_the_path(
    http: httpx.AsyncClient,
) -> None:
    """At the default 50 % the link T1 -> T2 becomes SS + 2 d: T2 starts Wed 6th, two days
    before T1's finish; T3 ends Wed 13th, 2 working days earlier. Same for T2 -> T3 (SS + 2:
    T3 starts Tue 12th). Nothing changes until the change request is approved."""
    project, tasks, links = await chain(http, ["4", "4", "2"])
    options = await propose(http, project)
    tracks = of_kind(options, "fast_track")
    assert len(tracks) == 2
    first = next(o for o in tracks if o["plan_changes"][0]["dependency_id"] == links[0]["id"])
    assert first["finish_gain_days"] == "2.00"
    assert first["plan_changes"][0]["to"] == {"type": "SS", "lag_days": "2.00"}
    assert first["plan_changes"][0]["from"] == {"type": "FS", "lag_days": "0.00"}
    assert first["evaluation"]["finish_before"].startswith("2027-01-15")
    assert first["evaluation"]["finish_after"].startswith("2027-01-13")
    assert first["evaluation"]["critical_path_days_before"] == 10
    assert first["evaluation"]["critical_path_days_after"] == 8
    assert set(first["evaluation"]["tasks"]) == {tasks[0]["id"], tasks[1]["id"]}
    assert first["evaluation"]["added_risk_days"] > 0  # the overlap risks rework
    assert first["cost_delta"] == "0.00" and first["stale"] is False
    assert (await finish_of(http, project)).startswith("2027-01-15")  # nothing changed yet
    change = await apply_and_approve(http, first)
    assert change["status"] == "approved" and change["applied_at"] is not None
    assert change["schedule_impact_days"] == "-2.00"
    assert (await finish_of(http, project)).startswith("2027-01-13")
    listed = (await http.get(f"/v1/projects/{project['id']}/dependencies")).json()["items"]
    dependency = next(d for d in listed if d["id"] == links[0]["id"])
    assert (dependency["type"], dependency["lag_days"]) == ("SS", "2.00")
    again = await http.post(f"/v1/corrective-options/{first['id']}/apply")
    assert again.status_code == 409 and again.json()["code"] == "already_applied"


async def test_an_optional_lag_is_removed(http: httpx.AsyncClient) -> None:
    """T1 (2 d, Mon 4-Tue 5) -> [3 d optional lag] -> T2 (2 d): T2 Mon 11-Tue 12; without
    the lag Wed 6-Thu 7 (3 days earlier). A lag not marked optional is never offered."""
    project, tasks, _ = await chain(http, ["2"])
    second = await http.post(
        f"/v1/projects/{project['id']}/tasks", json={"name": "T2", "duration_days": "2"}
    )
    lagged = await link(http, project, tasks[0], second.json(), lag="3")
    options = await propose(http, project)
    assert of_kind(options, "remove_lag") == []
    await optional_lag(http, lagged)
    [option] = of_kind(await propose(http, project), "remove_lag")
    assert option["finish_gain_days"] == "3.00"
    assert option["plan_changes"][0]["to"] == {"type": "FS", "lag_days": "0.00"}
    assert (await finish_of(http, project)).startswith("2027-01-12")
    await apply_and_approve(http, option)
    assert (await finish_of(http, project)).startswith("2027-01-07")


async def test_an_optional_task_is_cut_and_its_neighbours_stay_in_order(
    http: httpx.AsyncClient,
) -> None:
    """Cutting T2 (4 d) of the chain links T1 -> T3 directly: T1 Mon 4-Thu 7, T3 Fri 8-
    Mon 11, 4 working days earlier than Fri 15th."""
    project, tasks, _ = await chain(http, ["4", "4", "2"])
    await optional_task(http, tasks[1])
    [cut] = of_kind(await propose(http, project), "cut_scope")
    assert cut["finish_gain_days"] == "4.00"
    assert cut["evaluation"]["tasks"] == [tasks[1]["id"]]
    await apply_and_approve(http, cut)
    assert (await finish_of(http, project)).startswith("2027-01-11")
    assert (await http.get(f"/v1/tasks/{tasks[1]['id']}")).status_code == 404
    listed = (await http.get(f"/v1/projects/{project['id']}/dependencies")).json()["items"]
    assert [(d["predecessor_id"], d["successor_id"]) for d in listed] == [
        (tasks[0]["id"], tasks[2]["id"])
    ]


async def test_a_stale_option_is_refused_and_nothing_is_raised(http: httpx.AsyncClient) -> None:
    project, tasks, _ = await chain(http, ["4", "4"])
    [option] = of_kind(await propose(http, project), "fast_track")
    edited = await http.patch(f"/v1/tasks/{tasks[1]['id']}", json={"duration_days": "5"})
    assert edited.status_code == 200, edited.text
    assert (await http.get(f"/v1/corrective-options/{option['id']}")).json()["stale"] is True
    refused = await http.post(f"/v1/corrective-options/{option['id']}/apply")
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "plan_changed"
    changes = await http.get(f"/v1/projects/{project['id']}/change-requests")
    assert changes.json()["items"] == []
