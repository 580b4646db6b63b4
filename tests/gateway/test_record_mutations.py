"""RAID, change-control, status, membership, project and portfolio mutations through the
gateway over the real services: the happy path, a userError on the field at fault, a stale
``expectedVersion`` (code STALE) and an idempotent replay, per family."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import Gateway, unique
from tests.gateway.mutation_calls import call, codes, ok

ENTRY = "id title status version"
KINDS = {
    "Risk": {"probability": 2, "impact": 3},
    "Issue": {"severity": "high"},
    "Assumption": {},
    "Decision": {"decision": "PostgreSQL"},
}


async def _project(gateway: Gateway) -> str:
    created = await ok(
        gateway, "createProject", "project { id }", code=unique("REC"), name="Records"
    )
    project_id: str = created["project"]["id"]
    return project_id


@pytest.mark.parametrize("kind", KINDS)
async def test_raid_entries(gateway: Gateway, kind: str) -> None:
    project_id, node = await _project(gateway), kind.lower()
    key, fields = unique("raid"), {"title": f"A {node}", **KINDS[kind]}
    made = await ok(
        gateway,
        f"create{kind}",
        f"{node} {{ {ENTRY} }}",
        projectId=project_id,
        idempotencyKey=key,
        **fields,
    )
    replay = await ok(
        gateway,
        f"create{kind}",
        f"{node} {{ id }}",
        projectId=project_id,
        idempotencyKey=key,
        **fields,
    )
    assert replay[node]["id"] == made[node]["id"]
    entry = made[node]

    bad = await call(gateway, f"update{kind}", f"{node} {{ id }}", id=entry["id"], title="")
    assert codes(bad) == {("title", "INVALID")}
    changed = await ok(
        gateway,
        f"update{kind}",
        f"{node} {{ {ENTRY} }}",
        id=entry["id"],
        title="Renamed",
        expectedVersion=entry["version"],
    )
    assert changed[node]["title"] == "Renamed"
    stale = await call(
        gateway,
        f"update{kind}",
        f"{node} {{ id }}",
        id=entry["id"],
        title="Again",
        expectedVersion=entry["version"],
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    stale = await call(
        gateway,
        f"delete{kind}",
        "deletedId",
        "DeleteRaidEntryInput",
        id=entry["id"],
        expectedVersion=entry["version"],
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    gone = await ok(
        gateway,
        f"delete{kind}",
        "deletedId",
        "DeleteRaidEntryInput",
        id=entry["id"],
        expectedVersion=changed[node]["version"],
    )
    assert gone["deletedId"] == entry["id"]


async def test_a_risk_needs_a_probability_from_1_to_5(gateway: Gateway) -> None:
    project_id = await _project(gateway)
    bad = await call(
        gateway,
        "createRisk",
        "risk { id }",
        projectId=project_id,
        title="R",
        probability=9,
        impact=2,
    )
    assert codes(bad) == {("probability", "INVALID")} and bad["risk"] is None


CHANGE = "changeRequest { id status version decisionNote }"


async def test_change_request_workflow(gateway: Gateway) -> None:
    project_id, key = await _project(gateway), unique("cr")
    made = await ok(
        gateway,
        "createChangeRequest",
        CHANGE,
        projectId=project_id,
        title="More scope",
        idempotencyKey=key,
    )
    replay = await ok(
        gateway,
        "createChangeRequest",
        "changeRequest { id }",
        projectId=project_id,
        title="More scope",
        idempotencyKey=key,
    )
    change = made["changeRequest"]
    assert replay["changeRequest"]["id"] == change["id"] and change["status"] == "draft"
    bad = await call(
        gateway, "updateChangeRequest", "changeRequest { id }", id=change["id"], costImpact="lots"
    )
    assert [e["field"] for e in bad["userErrors"]] == ["costImpact"]
    edited = await ok(
        gateway,
        "updateChangeRequest",
        CHANGE,
        id=change["id"],
        costImpact="250.00",
        currency="EUR",
        expectedVersion=change["version"],
    )
    stale = await call(
        gateway,
        "submitChangeRequest",
        "changeRequest { id }",
        id=change["id"],
        expectedVersion=change["version"],
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    submitted = await ok(
        gateway,
        "submitChangeRequest",
        CHANGE,
        id=change["id"],
        expectedVersion=edited["changeRequest"]["version"],
    )
    assert submitted["changeRequest"]["status"] == "submitted"
    again = await call(gateway, "submitChangeRequest", "changeRequest { id }", id=change["id"])
    assert codes(again) == {("id", "CONFLICT")}  # only a draft is submitted
    rejected = await ok(
        gateway,
        "rejectChangeRequest",
        CHANGE,
        id=change["id"],
        note="Not now",
        idempotencyKey=unique("rej"),
    )
    assert rejected["changeRequest"]["status"] == "rejected"
    assert rejected["changeRequest"]["decisionNote"] == "Not now"


async def test_status_updates(gateway: Gateway) -> None:
    project_id, key = await _project(gateway), unique("su")
    rags = {f"{d}Rag": "GREEN" for d in ("overall", "schedule", "cost", "scope", "risk")}
    made = await ok(
        gateway,
        "postStatusUpdate",
        "statusUpdate { id asOf }",
        projectId=project_id,
        asOf="2025-03-07",
        idempotencyKey=key,
        **rags,
    )
    replay = await ok(
        gateway,
        "postStatusUpdate",
        "statusUpdate { id }",
        projectId=project_id,
        asOf="2025-03-07",
        idempotencyKey=key,
        **rags,
    )
    assert replay["statusUpdate"]["id"] == made["statusUpdate"]["id"]
    bad = await call(
        gateway,
        "postStatusUpdate",
        "statusUpdate { id }",
        projectId=project_id,
        asOf="2025-03-07",
        narrative="x" * 20_001,
        **rags,
    )
    assert [e["field"] for e in bad["userErrors"]] == ["narrative"]


async def test_project_members(gateway: Gateway) -> None:
    project_id, key = await _project(gateway), unique("mem")
    member = {"projectId": project_id, "userId": unique("user"), "role": "VIEWER"}
    made = await ok(
        gateway, "addProjectMember", "member { id role version }", idempotencyKey=key, **member
    )
    replay = await ok(gateway, "addProjectMember", "member { id }", idempotencyKey=key, **member)
    assert replay["member"]["id"] == made["member"]["id"]
    twice = await call(gateway, "addProjectMember", "member { id }", **member)
    assert codes(twice) == {("userId", "CONFLICT")}
    member_id, version = made["member"]["id"], made["member"]["version"]
    promoted = await ok(
        gateway,
        "changeProjectMemberRole",
        "member { role version }",
        projectId=project_id,
        id=member_id,
        role="MANAGER",
        expectedVersion=version,
    )
    assert promoted["member"]["role"] == "MANAGER"
    stale = await call(
        gateway,
        "removeProjectMember",
        "removedMemberId",
        projectId=project_id,
        id=member_id,
        expectedVersion=version,
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    removed = await ok(
        gateway, "removeProjectMember", "removedMemberId", projectId=project_id, id=member_id
    )
    assert removed["removedMemberId"] == member_id


async def test_project_status_delete_and_portfolio(gateway: Gateway) -> None:
    created = await ok(gateway, "createPortfolio", "portfolio { id }", name=unique("PF"))
    portfolio_id = created["portfolio"]["id"]
    renamed = await ok(
        gateway,
        "updatePortfolio",
        "portfolio { name }",
        id=portfolio_id,
        name="Renamed portfolio",
        expectedVersion=1,
    )
    assert renamed["portfolio"]["name"] == "Renamed portfolio"
    stale = await call(
        gateway,
        "updatePortfolio",
        "portfolio { id }",
        id=portfolio_id,
        name="Again",
        expectedVersion=1,
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    bad = await call(
        gateway, "updatePortfolio", "portfolio { id }", id=portfolio_id, currency="euro"
    )
    assert [e["field"] for e in bad["userErrors"]] == ["currency"]

    project_id = await _project(gateway)
    approved = await ok(
        gateway,
        "changeProjectStatus",
        "project { status version }",
        id=project_id,
        status="CANCELLED",
    )
    assert approved["project"]["status"] == "CANCELLED"
    final = await call(
        gateway, "changeProjectStatus", "project { status }", id=project_id, status="ACTIVE"
    )
    assert codes(final) == {("status", "CONFLICT")}
    stale = await call(
        gateway, "deleteProject", "deletedProjectId", id=project_id, expectedVersion=1
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    gone = await ok(
        gateway,
        "deleteProject",
        "deletedProjectId",
        id=project_id,
        expectedVersion=approved["project"]["version"],
    )
    assert gone["deletedProjectId"] == project_id
