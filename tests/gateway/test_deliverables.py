"""A project's deliverables register through the gateway."""

from __future__ import annotations

from typing import Any

from shared.clients.projects import ProjectsClient
from shared.clients.projects.projects import ProjectCreate
from tests.gateway.conftest import Gateway, unique

FIELDS = "deliverable { id key name status url submittedBy acceptedAt version } "
ERRORS = "userErrors { field message }"
ADD = f"""mutation($input: AddDeliverableInput!) {{
  addDeliverable(input: $input) {{ {FIELDS} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateDeliverableInput!) {{
  updateDeliverable(input: $input) {{ {FIELDS} {ERRORS} }} }}"""
DELETE = f"""mutation($input: DeleteDeliverableInput!) {{
  deleteDeliverable(input: $input) {{ deletedDeliverableId {ERRORS} }} }}"""
LIST = """query($projectId: ID!, $status: DeliverableStatus) {
  deliverables(projectId: $projectId, status: $status) { edges { node { key status } } } }"""


async def _run(gateway: Gateway, document: str, field: str, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(document, {"input": input})
    assert "errors" not in answer, answer
    return answer["data"][field]


async def test_add_submit_accept_delete(gateway: Gateway, projects_client: ProjectsClient) -> None:
    project = await projects_client.create_project(ProjectCreate(code=unique("GD"), name="P"))
    project_id = str(project.id)
    added = await _run(
        gateway, ADD, "addDeliverable", projectId=project_id, key="charter", name="Charter"
    )
    assert added["userErrors"] == [] and added["deliverable"]["status"] == "PLANNED"
    charter = added["deliverable"]
    accepted = await _run(
        gateway,
        UPDATE,
        "updateDeliverable",
        projectId=project_id,
        id=charter["id"],
        status="ACCEPTED",
        url="https://docs.example/charter",
        expectedVersion=charter["version"],
    )
    assert accepted["userErrors"] == []
    assert accepted["deliverable"]["acceptedAt"] and accepted["deliverable"]["submittedBy"]
    listed = await gateway.query(LIST, {"projectId": project_id, "status": "ACCEPTED"})
    assert listed["data"]["deliverables"]["edges"] == [
        {"node": {"key": "charter", "status": "ACCEPTED"}}
    ]
    duplicate = await _run(
        gateway, ADD, "addDeliverable", projectId=project_id, key="charter", name="Again"
    )
    assert [e["field"] for e in duplicate["userErrors"]] == ["key"]
    stale = await _run(
        gateway,
        DELETE,
        "deleteDeliverable",
        projectId=project_id,
        id=charter["id"],
        expectedVersion=1,
    )
    assert [e["field"] for e in stale["userErrors"]] == ["expectedVersion"]
    deleted = await _run(
        gateway, DELETE, "deleteDeliverable", projectId=project_id, id=charter["id"]
    )
    assert deleted == {"deletedDeliverableId": charter["id"], "userErrors": []}
    empty = await gateway.query(LIST, {"projectId": project_id})
    assert empty["data"]["deliverables"]["edges"] == []


async def test_bad_input_is_user_errors(gateway: Gateway, projects_client: ProjectsClient) -> None:
    project = await projects_client.create_project(ProjectCreate(code=unique("GD"), name="P"))
    bad_url = await _run(
        gateway,
        ADD,
        "addDeliverable",
        projectId=str(project.id),
        key="plan",
        name="Plan",
        url="ftp://nowhere",
    )
    assert bad_url["deliverable"] is None
    assert [e["field"] for e in bad_url["userErrors"]] == ["url"]
    bad_id = await _run(gateway, ADD, "addDeliverable", projectId="x", key="plan", name="Plan")
    assert [e["field"] for e in bad_id["userErrors"]] == ["projectId"]
