"""The resource pool through GraphQL: the mutations with their userErrors, a resource with
its rates and time off, and the pool as a connection filtered by kind and skill."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import Gateway, unique
from tests.gateway.mutation_calls import ok

FIELDS = "id kind name email roleName skills maxUnits active version"
CREATE = f"""
mutation($input: CreateResourceInput!) {{
  createResource(input: $input) {{ resource {{ {FIELDS} }} userErrors {{ field message }} }}
}}
"""
UPDATE = f"""
mutation($input: UpdateResourceInput!) {{
  updateResource(input: $input) {{ resource {{ {FIELDS} }} userErrors {{ field message }} }}
}}
"""
DELETE = """
mutation($input: DeleteResourceInput!) {
  deleteResource(input: $input) { deletedResourceId userErrors { field message } }
}
"""
ADD_RATE = """
mutation($input: AddResourceRateInput!) {
  addResourceRate(input: $input) {
    rate { id effectiveFrom ratePerHour currency } userErrors { field message }
  }
}
"""
ADD_TIME_OFF = """
mutation($input: AddTimeOffInput!) {
  addTimeOff(input: $input) { timeOff { id fromDate toDate reason } userErrors { field message } }
}
"""
ONE = """
query($id: ID!) {
  resource(id: $id) {
    name maxUnits
    rates { effectiveFrom ratePerHour currency }
    timeOff { fromDate toDate reason }
  }
}
"""
POOL = """
query($skill: String, $kind: ResourceKind, $after: String) {
  resources(first: 2, skill: $skill, kind: $kind, after: $after) {
    edges { node { name kind rates { ratePerHour } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def _mutate(gateway: Gateway, query: str, payload: str, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(query, {"input": input})
    assert "errors" not in answer, answer
    return answer["data"][payload]


def _fields(payload: dict[str, Any]) -> set[str | None]:
    return {e["field"] for e in payload["userErrors"]}


async def test_resource_mutations(gateway: Gateway, make_token) -> None:
    created = await _mutate(
        gateway,
        CREATE,
        "createResource",
        kind="PERSON",
        name="Ada",
        email="ada@example.org",
        skills=["python"],
        maxUnits="0.8",
    )
    assert created["userErrors"] == []
    resource = created["resource"]
    assert (resource["kind"], resource["maxUnits"], resource["active"]) == ("PERSON", "0.80", True)

    for bad in ({"maxUnits": "0"}, {"maxUnits": "10.5"}, {"maxUnits": "lots"}):
        refused = await _mutate(gateway, CREATE, "createResource", kind="ROLE", name="x", **bad)
        assert refused["resource"] is None and _fields(refused) == {"maxUnits"}, bad
    forbidden = await gateway.query(
        CREATE, {"input": {"kind": "ROLE", "name": "Mine"}}, token=make_token("member")
    )
    assert forbidden["data"] == {"createResource": None}
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    updated = await _mutate(
        gateway, UPDATE, "updateResource", id=resource["id"], expectedVersion=1, name="Ada L."
    )
    assert (updated["resource"]["name"], updated["resource"]["version"]) == ("Ada L.", 2)
    stale = await _mutate(
        gateway, UPDATE, "updateResource", id=resource["id"], expectedVersion=1, name="X"
    )
    assert _fields(stale) == {"expectedVersion"}

    rate = await _mutate(
        gateway,
        ADD_RATE,
        "addResourceRate",
        resourceId=resource["id"],
        effectiveFrom="2026-01-01",
        ratePerHour="95",
        currency="EUR",
    )
    assert rate["rate"]["ratePerHour"] == "95.00"
    negative = await _mutate(
        gateway,
        ADD_RATE,
        "addResourceRate",
        resourceId=resource["id"],
        effectiveFrom="2026-02-01",
        ratePerHour="-1",
        currency="EUR",
    )
    assert negative["rate"] is None and _fields(negative) == {"ratePerHour"}
    off = await _mutate(
        gateway,
        ADD_TIME_OFF,
        "addTimeOff",
        resourceId=resource["id"],
        fromDate="2026-08-03",
        toDate="2026-08-07",
        reason="Holiday",
    )
    assert off["userErrors"] == []
    overlap = await _mutate(
        gateway,
        ADD_TIME_OFF,
        "addTimeOff",
        resourceId=resource["id"],
        fromDate="2026-08-07",
        toDate="2026-08-08",
    )
    assert overlap["timeOff"] is None and _fields(overlap) == {"fromDate"}

    read = await gateway.query(ONE, {"id": resource["id"]})
    assert read["data"]["resource"] == {
        "name": "Ada L.",
        "maxUnits": "0.80",
        "rates": [{"effectiveFrom": "2026-01-01", "ratePerHour": "95.00", "currency": "EUR"}],
        "timeOff": [{"fromDate": "2026-08-03", "toDate": "2026-08-07", "reason": "Holiday"}],
    }
    deleted = await _mutate(gateway, DELETE, "deleteResource", id=resource["id"])
    assert deleted == {"deletedResourceId": resource["id"], "userErrors": []}
    gone = await gateway.query(ONE, {"id": resource["id"]})
    assert gone["data"] == {"resource": None}
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_the_pool_by_kind_and_skill(gateway: Gateway) -> None:
    skill = unique("skill")
    for name, kind in (("A dev", "PERSON"), ("B dev", "PERSON"), ("Senior dev", "ROLE")):
        made = await _mutate(
            gateway, CREATE, "createResource", kind=kind, name=name, skills=[skill]
        )
        await _mutate(
            gateway,
            ADD_RATE,
            "addResourceRate",
            resourceId=made["resource"]["id"],
            effectiveFrom="2026-01-01",
            ratePerHour="80",
            currency="EUR",
        )
    first = await gateway.query(POOL, {"skill": skill})
    page = first["data"]["resources"]
    assert [e["node"]["name"] for e in page["edges"]] == ["A dev", "B dev"]
    assert page["edges"][0]["node"]["rates"] == [{"ratePerHour": "80.00"}]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await gateway.query(POOL, {"skill": skill, "after": page["pageInfo"]["endCursor"]})
    assert [e["node"]["kind"] for e in rest["data"]["resources"]["edges"]] == ["ROLE"]
    roles = await gateway.query(POOL, {"skill": skill, "kind": "ROLE"})
    assert [e["node"]["name"] for e in roles["data"]["resources"]["edges"]] == ["Senior dev"]


async def test_remove_a_rate_and_time_off(gateway: Gateway) -> None:
    made = await ok(gateway, "createResource", "resource { id }", kind="PERSON", name="Rae")
    resource_id = made["resource"]["id"]
    rate = await ok(
        gateway,
        "addResourceRate",
        "rate { id }",
        resourceId=resource_id,
        effectiveFrom="2026-01-01",
        ratePerHour="90.00",
        currency="EUR",
    )
    away = await ok(
        gateway,
        "addTimeOff",
        "timeOff { id }",
        resourceId=resource_id,
        fromDate="2026-08-03",
        toDate="2026-08-07",
    )
    gone = await ok(
        gateway,
        "deleteResourceRate",
        "deletedRateId",
        resourceId=resource_id,
        id=rate["rate"]["id"],
    )
    assert gone["deletedRateId"] == rate["rate"]["id"]
    back = await ok(
        gateway,
        "deleteTimeOff",
        "deletedTimeOffId",
        resourceId=resource_id,
        id=away["timeOff"]["id"],
    )
    assert back["deletedTimeOffId"] == away["timeOff"]["id"]
    left = await gateway.query(
        "query($id: ID!) { resource(id: $id) { rates { id } timeOff { id } } }",
        {"id": resource_id},
    )
    assert left["data"]["resource"] == {"rates": [], "timeOff": []}
    missing = await gateway.query(
        "mutation($input: DeleteTimeOffInput!) { deleteTimeOff(input: $input) "
        "{ deletedTimeOffId userErrors { field } } }",
        {"input": {"resourceId": resource_id, "id": away["timeOff"]["id"]}},
    )
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
