"""A stage gate through the gateway: assign a lifecycle, open the review of the next gate,
check its item, the approvers say go, and the projects service shows the new phase."""

from __future__ import annotations

from typing import Any

from shared.clients.projects import ProjectsClient
from shared.clients.projects.members import MemberCreate, ProjectRole
from shared.clients.projects.projects import ProjectCreate
from tests.gateway.conftest import Gateway, unique
from tests.gateway.test_lifecycles import ASSIGN, CREATE, PUBLISH, lifecycle_input

REVIEW = """
  gateReview {
    id state fromPhase toPhase approverRoles version
    checklist { key done checkedBy }
    decisions { role decision decidedBy }
    blockers { pendingRoles openChecklistItems failingCriticalRules }
    results { kind status severity }
    project { code }
    lifecycle { key }
  }
  userErrors { field message }
"""


def _mutation(field: str, input_type: str) -> str:
    return f"mutation($input: {input_type}!) {{ {field}(input: $input) {{ {REVIEW} }} }}"


OPEN = _mutation("openGateReview", "OpenGateReviewInput")
CHECK = _mutation("checkGateItem", "CheckGateItemInput")
DECIDE = _mutation("decideGate", "DecideGateInput")
EVALUATE = _mutation("evaluateGateReview", "EvaluateGateReviewInput")


async def _run(
    gateway: Gateway, document: str, field: str, token: str | None = None, **input: Any
) -> dict[str, Any]:
    answer = await gateway.query(document, {"input": input}, token=token)
    assert "errors" not in answer, answer
    return answer["data"][field]


async def _project_on_lifecycle(
    gateway: Gateway, projects_client: ProjectsClient, manager: str
) -> tuple[str, dict[str, Any]]:
    project = await projects_client.create_project(ProjectCreate(code=unique("GG"), name="Gated"))
    await projects_client.add_member(
        project.id, MemberCreate(user_id=manager, role=ProjectRole.manager)
    )
    created = await _run(gateway, CREATE, "createLifecycle", **lifecycle_input())
    lifecycle = created["lifecycle"]
    await _run(gateway, PUBLISH, "publishLifecycle", id=lifecycle["id"])
    await _run(
        gateway, ASSIGN, "assignLifecycle", projectId=str(project.id), lifecycleId=lifecycle["id"]
    )
    return str(project.id), lifecycle


async def test_a_gate_passes_through_the_gateway(
    gateway: Gateway, projects_client: ProjectsClient, make_token
) -> None:
    manager = unique("mgr")
    manager_token = make_token("member", sub=manager)
    project_id, lifecycle = await _project_on_lifecycle(gateway, projects_client, manager)
    opened = await _run(
        gateway, OPEN, "openGateReview", manager_token, projectId=project_id, toPhase="approved"
    )
    assert opened["userErrors"] == []
    review = opened["gateReview"]
    assert (review["state"], review["fromPhase"], review["toPhase"]) == ("OPEN", "idea", "approved")
    assert review["approverRoles"] == ["PMO", "MANAGER"]
    assert review["lifecycle"] == {"key": lifecycle["key"]}
    checked = await _run(
        gateway, CHECK, "checkGateItem", manager_token, id=review["id"], itemKey="case", done=True
    )
    assert checked["gateReview"]["checklist"] == [
        {"key": "case", "done": True, "checkedBy": manager}
    ]
    went = await _run(gateway, DECIDE, "decideGate", manager_token, id=review["id"], decision="GO")
    assert went["gateReview"]["state"] == "OPEN"
    assert went["gateReview"]["blockers"]["pendingRoles"] == ["PMO"]
    twice = await _run(gateway, DECIDE, "decideGate", manager_token, id=review["id"], decision="GO")
    assert twice["gateReview"] is None
    assert [e["field"] for e in twice["userErrors"]] == ["decision"]
    pmo = make_token("pmo", sub=unique("pmo"))
    passed = await _run(gateway, DECIDE, "decideGate", pmo, id=review["id"], decision="GO")
    assert passed["gateReview"]["state"] == "PASSED"
    project = await projects_client.get_project(project_id)  # type: ignore[arg-type]
    assert (project.status.value, project.phase) == ("approved", "approved")

    listed = await gateway.query(
        """query($id: ID!) { gateReviews(projectId: $id) { edges { node { state toPhase } } } }""",
        {"id": project_id},
    )
    assert listed["data"]["gateReviews"]["edges"] == [
        {"node": {"state": "PASSED", "toPhase": "approved"}}
    ]
    next_gate = await _run(
        gateway, OPEN, "openGateReview", projectId=project_id, toPhase="execution"
    )
    assert [r["status"] for r in next_gate["gateReview"]["results"]] == ["FAIL"]
    assert next_gate["gateReview"]["blockers"]["failingCriticalRules"] == ["required_field"]
    evaluated = await _run(
        gateway, EVALUATE, "evaluateGateReview", id=next_gate["gateReview"]["id"]
    )
    assert evaluated["userErrors"] == []


async def test_gate_user_errors(gateway: Gateway, projects_client: ProjectsClient) -> None:
    project_id, _ = await _project_on_lifecycle(gateway, projects_client, unique("mgr"))
    skipping = await _run(
        gateway, OPEN, "openGateReview", projectId=project_id, toPhase="execution"
    )
    assert skipping["gateReview"] is None
    assert [e["field"] for e in skipping["userErrors"]] == ["toPhase"]
    bad_id = await _run(gateway, OPEN, "openGateReview", projectId="nope", toPhase="approved")
    assert [e["field"] for e in bad_id["userErrors"]] == ["projectId"]
