"""The audit logs through the gateway: one upstream call per page, readers only."""

from __future__ import annotations

from tests.gateway.conftest import Gateway, unique, uuid_of

AUDIT = """
query($service: AuditedService!, $projectId: ID, $first: Int, $after: String) {
  auditRecords(service: $service, projectId: $projectId, first: $first, after: $after) {
    edges { node { action entityType entityId actor projectId changes } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CREATE_PROJECT = """
mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { id version } userErrors { field message } }
}
"""
UPDATE_PROJECT = """
mutation($input: UpdateProjectInput!) {
  updateProject(input: $input) { project { id } userErrors { field message } }
}
"""


async def test_project_history_pages_through_the_gateway(gateway: Gateway, make_token) -> None:
    created = await gateway.query(
        CREATE_PROJECT, {"input": {"code": unique("AUD"), "name": "Audited"}}
    )
    project = created["data"]["createProject"]["project"]
    renamed = await gateway.query(
        UPDATE_PROJECT,
        {"input": {"id": project["id"], "name": "Renamed", "expectedVersion": project["version"]}},
    )
    assert renamed["data"]["updateProject"]["userErrors"] == []

    gateway.reset_calls()
    variables = {"service": "PROJECTS", "projectId": project["id"], "first": 2}
    answer = await gateway.query(AUDIT, variables)
    assert "errors" not in answer, answer
    connection = answer["data"]["auditRecords"]
    newest = connection["edges"][0]["node"]
    assert (newest["action"], newest["entityType"], newest["entityId"]) == (
        "updated",
        "projects",
        uuid_of(project["id"]),
    )
    assert newest["changes"] == {"name": {"old": "Audited", "new": "Renamed"}}
    assert newest["actor"] == "admin" and newest["projectId"] == uuid_of(project["id"])
    assert gateway.calls() == 1
    assert connection["pageInfo"]["hasNextPage"]  # the creation and the creator's membership
    rest = await gateway.query(AUDIT, {**variables, "after": connection["pageInfo"]["endCursor"]})
    actions = [e["node"]["action"] for e in rest["data"]["auditRecords"]["edges"]]
    assert actions == ["created"]

    outsider = make_token("member")
    hidden = await gateway.query(AUDIT, variables, token=outsider)
    assert hidden["data"] is None
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # not their project
    whole = await gateway.query(AUDIT, {"service": "PROJECTS"}, token=outsider)
    assert whole["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_governance_history_and_bad_ids(gateway: Gateway) -> None:
    answer = await gateway.query(AUDIT, {"service": "GOVERNANCE", "first": 1})
    assert "errors" not in answer, answer
    bad = await gateway.query(AUDIT, {"service": "PROJECTS", "projectId": "not-a-uuid"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
