"""The what-if's pure parts, with figures worked out by hand: costing under a scenario and
the tasks that move between two levellings."""

from __future__ import annotations

import uuid
from decimal import Decimal

from services.projects.resources.scenario import HypotheticalPerson, ResourceScenario
from services.projects.what_if.compare import tasks_moving
from services.projects.what_if.cost import hypothetical_shares, reassigned, summed

ROLE, ANN, BOB, LONER = (uuid.uuid4() for _ in range(4))
POOL = [
    {
        "id": ROLE,
        "kind": "role",
        "name": "Dev",
        "role_name": None,
        "max_units": 1.0,
        "active": True,
    },
    {
        "id": ANN,
        "kind": "person",
        "name": "Ann",
        "role_name": "Dev",
        "max_units": 1.0,
        "active": True,
    },
    {
        "id": BOB,
        "kind": "person",
        "name": "Bob",
        "role_name": "Dev",
        "max_units": 0.5,
        "active": True,
    },
    {
        "id": LONER,
        "kind": "person",
        "name": "Lo",
        "role_name": None,
        "max_units": 1.0,
        "active": True,
    },
]


def _row(resource: uuid.UUID) -> dict[str, object]:
    return {"task_id": uuid.uuid4(), "resource_id": resource}


def test_removed_people_fall_on_their_role_or_on_nobody() -> None:
    scenario = ResourceScenario(removed=frozenset({ANN, LONER}))
    staffed = reassigned([_row(ANN), _row(BOB), _row(LONER)], POOL, scenario)
    assert [(row["resource_id"], has) for row, has in staffed] == [
        (ROLE, True),
        (BOB, True),
        (LONER, False),
    ]


def test_a_priced_newcomer_takes_its_share_of_the_roles_work() -> None:
    """Bob (0.5) and a newcomer (1.5) share the role once Ann leaves: the newcomer does
    three quarters of the role's 40 h at 20/h, the role's rate (50/h) holds for the rest:
    10 x 50 + 30 x 20 = 1,100. Lo's 16 h have nobody (not priced, reported)."""
    newcomer = HypotheticalPerson("n", "Dev", Decimal("1.5"), rate_per_hour=Decimal("20"))
    scenario = ResourceScenario(added=(newcomer,), removed=frozenset({ANN}))
    shares = hypothetical_shares(POOL, scenario)
    assert shares == {ROLE: [(Decimal("0.75"), Decimal("20"))]}
    priced = [
        {
            "resource_id": ROLE,
            "cost": Decimal("2000.00"),
            "work_hours": Decimal(40),
            "currency": "EUR",
        },
        {
            "resource_id": LONER,
            "cost": Decimal("800.00"),
            "work_hours": Decimal(16),
            "currency": "EUR",
        },
    ]
    side = summed(priced, [True, False], shares)
    assert (side.total, side.currency, side.unstaffed_hours) == (
        Decimal("1100.00"),
        "EUR",
        Decimal("16.00"),
    )


def test_costs_in_two_currencies_are_not_summed() -> None:
    priced = [
        {"resource_id": ANN, "cost": Decimal(1), "work_hours": Decimal(1), "currency": "EUR"},
        {"resource_id": BOB, "cost": Decimal(1), "work_hours": Decimal(1), "currency": "USD"},
    ]
    assert summed(priced, [True, True]).total is None


def test_tasks_moving_compares_the_levelled_dates_of_both_sides() -> None:
    def moved(task: str, old: str, new: str) -> dict[str, str]:
        return {
            "task_id": task,
            "old_start": old,
            "old_finish": old,
            "new_start": new,
            "new_finish": new,
        }

    current = {"moved_tasks": [moved("a", "d1", "d3"), moved("b", "d1", "d5")]}
    scenario = {"moved_tasks": [moved("b", "d1", "d5"), moved("c", "d1", "d2")]}
    names = {"a": ("A", "p"), "b": ("B", "p"), "c": ("C", "p")}
    found = {
        t["name"]: (t["current_start"], t["scenario_start"])
        for t in tasks_moving(current, scenario, names)
    }
    assert found == {"A": ("d3", "d1"), "C": ("d1", "d2")}  # B moved alike on both sides
