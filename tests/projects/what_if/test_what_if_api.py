"""What-if on resources through the API: the answers below are worked out by hand.

Every plan starts on Monday 2027-01-04 on the default calendar (Mon-Fri, 8 h): a task of
n days assigned full time asks for 8 h on each of its n working days."""

from __future__ import annotations

import httpx

from tests.projects.capacity.factories import add_time_off, create_resource
from tests.projects.what_if.factories import plan, role_with_members, what_if


async def test_a_second_tester_shortens_the_levelled_finish_and_changes_the_cost(
    http: httpx.AsyncClient,
) -> None:
    """Three 2-day tasks on a pool of one tester run one after another (6 days, finish
    Mon 11th); with a second tester two run at once (4 days, finish Thu 7th): 2 working
    days earlier. The role's 48 h at 50/h cost 2,400; the newcomer (as many units as the
    member) takes half of them at 30/h: 24 x 50 + 24 x 30 = 1,920."""
    role, _ = await role_with_members(http, 1, rate="50.00")
    project = await plan(http, [(name, "2", role) for name in ("A", "B", "C")])
    newcomer = {"key": "tester-2", "role_name": role["name"], "rate_per_hour": "30.00"}
    result = await what_if(http, f"/v1/projects/{project['id']}/what-if", add=[newcomer])
    current, scenario = result["current"], result["scenario"]
    assert result["levelled"] is True
    assert result["engine_finish"].startswith("2027-01-05")  # unlevelled: all three at once
    assert current["finish"].startswith("2027-01-11")
    assert scenario["finish"].startswith("2027-01-07")
    assert result["delta"]["finish_working_days"] == -2
    assert current["levelling_status"] == scenario["levelling_status"] == "optimal"
    assert (current["resource_cost"], scenario["resource_cost"]) == ("2400.00", "1920.00")
    assert result["delta"]["resource_cost"] == "-480.00"
    assert current["currency"] == "EUR"
    # Before levelling: 24 h asked of the pool on Mon and Tue; 8 h there now, 16 h then.
    before = "over_allocation_before_levelling"
    assert current[before]["hours"] == 32 and current[before]["periods"] == 1
    assert [r["resource_id"] for r in current[before]["resources"]] == [role["id"]]
    assert scenario[before]["hours"] == 16 and scenario[before]["periods"] == 1
    assert result["delta"][before] == {"hours": -16, "periods": 0}
    after = "over_allocation_after_levelling"
    assert current[after] == scenario[after] == {"hours": 0, "periods": 0, "resources": []}
    moving = result["tasks_moving"]  # which of the equal tasks waits is the solver's choice
    assert 1 <= len(moving) <= 3 and {t["name"] for t in moving} <= {"A", "B", "C"}
    assert all(t["scenario_finish"][:10] <= "2027-01-07" for t in moving)
    assert all(t["project_id"] == project["id"] for t in moving)


async def test_removing_a_person_moves_their_work_to_the_role_and_lengthens_it(
    http: httpx.AsyncClient,
) -> None:
    """Two testers on a 3-day task each work side by side (finish Wed 6th); without the
    second, the task falls on the role, whose pool is the first alone: one after the
    other, finish Mon 11th, 3 working days later."""
    role, (first, second) = await role_with_members(http, 2)
    project = await plan(http, [("Mine", "3", first), ("Yours", "3", second)])
    result = await what_if(http, f"/v1/projects/{project['id']}/what-if", remove=[second["id"]])
    assert result["current"]["finish"].startswith("2027-01-06")
    assert result["scenario"]["finish"].startswith("2027-01-11")
    assert result["delta"]["finish_working_days"] == 3
    before = result["scenario"]["over_allocation_before_levelling"]
    assert before["hours"] == 24 and [r["resource_id"] for r in before["resources"]] == [role["id"]]
    assert result["current"]["over_allocation_before_levelling"]["hours"] == 0
    [moving] = result["tasks_moving"]
    assert moving["current_start"][:10] == "2027-01-04"
    assert moving["scenario_start"][:10] == "2027-01-07"


async def test_time_off_of_the_critical_person_delays_the_finish(http: httpx.AsyncClient) -> None:
    """A 3-day task (Mon 4th - Wed 6th) of someone away Tue and Wed: 16 h over-allocated
    before levelling; levelled, it waits for three days in a row: Thu 7th - Mon 11th."""
    someone = await create_resource(http)
    project = await plan(http, [("Critical", "3", someone)])
    away = {"resource_id": someone["id"], "from_date": "2027-01-05", "to_date": "2027-01-06"}
    result = await what_if(http, f"/v1/projects/{project['id']}/what-if", time_off=[away])
    scenario = result["scenario"]
    assert scenario["over_allocation_before_levelling"]["hours"] == 16
    assert scenario["over_allocation_before_levelling"]["periods"] == 1
    assert scenario["over_allocation_after_levelling"]["hours"] == 0
    assert result["current"]["finish"].startswith("2027-01-06")
    assert scenario["finish"].startswith("2027-01-11")
    assert result["delta"]["finish_working_days"] == 3


async def test_cancelled_time_off_brings_the_finish_back(http: httpx.AsyncClient) -> None:
    someone = await create_resource(http)
    await add_time_off(http, someone, "2027-01-05", "2027-01-05")
    project = await plan(http, [("Task", "2", someone)])
    back = {
        "resource_id": someone["id"],
        "from_date": "2027-01-05",
        "to_date": "2027-01-05",
        "away": False,
    }
    result = await what_if(http, f"/v1/projects/{project['id']}/what-if", time_off=[back])
    assert result["current"]["finish"].startswith("2027-01-07")  # waits past Tuesday
    assert result["scenario"]["finish"].startswith("2027-01-05")
    assert result["delta"]["finish_working_days"] == -2


async def test_without_levelling_only_costs_and_over_allocations_compare(
    http: httpx.AsyncClient,
) -> None:
    role, _ = await role_with_members(http, 1, rate="50.00")
    project = await plan(http, [("A", "2", role), ("B", "2", role)])
    newcomer = {"key": "new", "role_name": role["name"]}  # no rate: costs what the role does
    result = await what_if(
        http, f"/v1/projects/{project['id']}/what-if", add=[newcomer], level=False
    )
    assert result["levelled"] is False and result["tasks_moving"] == []
    assert result["current"]["finish"] == result["scenario"]["finish"] == result["engine_finish"]
    assert result["delta"]["resource_cost"] == "0.00"
    assert result["current"]["over_allocation_before_levelling"]["hours"] == 16
    assert result["scenario"]["over_allocation_before_levelling"]["hours"] == 0
    assert result["current"]["over_allocation_after_levelling"] is None


async def test_nothing_is_written(http: httpx.AsyncClient) -> None:
    role, (member,) = await role_with_members(http, 1, rate="50.00")
    project = await plan(http, [("A", "2", role), ("B", "2", member)])
    pid = project["id"]

    async def state() -> tuple[object, ...]:
        tasks = await http.get(f"/v1/projects/{pid}/tasks", params={"limit": 200})
        resources = await http.get(
            "/v1/resources", params={"limit": 200, "role_name": role["name"]}
        )
        off = await http.get(f"/v1/resources/{member['id']}/time-off")
        project_now = await http.get(f"/v1/projects/{pid}")
        return tasks.json(), resources.json(), off.json(), project_now.json()

    before = await state()
    away = {"resource_id": member["id"], "from_date": "2027-01-04", "to_date": "2027-01-08"}
    await what_if(
        http,
        f"/v1/projects/{pid}/what-if",
        add=[{"key": "n1", "role_name": role["name"]}],
        remove=[member["id"]],
        time_off=[away],
    )
    assert await state() == before
