"""Lifecycles through the gateway, over the real governance and projects services."""

from __future__ import annotations

from typing import Any

from shared.clients.projects import ProjectsClient
from shared.clients.projects.projects import ProjectCreate
from tests.gateway.conftest import Gateway, unique

LIFECYCLE_FIELDS = """
  lifecycle {
    id key revision status version
    phases { key name projectStatus }
    gates { fromPhase toPhase approverRoles rules { kind params severity }
            checklist { key text required } }
  }
  userErrors { field message }
"""


def _lifecycle_mutation(field: str, input_type: str) -> str:
    return f"mutation($input: {input_type}!) {{ {field}(input: $input) {{ {LIFECYCLE_FIELDS} }} }}"


CREATE = _lifecycle_mutation("createLifecycle", "CreateLifecycleInput")
UPDATE = _lifecycle_mutation("updateLifecycle", "UpdateLifecycleInput")
PUBLISH = _lifecycle_mutation("publishLifecycle", "LifecycleRevisionInput")
REVISE = _lifecycle_mutation("reviseLifecycle", "ReviseLifecycleInput")
ASSIGN = """
mutation($input: AssignLifecycleInput!) {
  assignLifecycle(input: $input) {
    projectLifecycle { projectId assignedBy version lifecycle { key revision } }
    userErrors { field message }
  }
}
"""


def lifecycle_input(**overrides: Any) -> dict[str, Any]:
    return {
        "key": unique("gwlc").lower(),
        "name": "Two gates",
        "phases": [
            {"key": "idea", "name": "Idea"},
            {"key": "approved", "name": "Approved", "projectStatus": "APPROVED"},
            {"key": "execution", "name": "Execution", "projectStatus": "ACTIVE"},
        ],
        "gates": [
            {
                "fromPhase": "idea",
                "toPhase": "approved",
                "approverRoles": ["PMO", "MANAGER"],
                "checklist": [{"key": "case", "text": "Business case"}],
            },
            {
                "fromPhase": "approved",
                "toPhase": "execution",
                "approverRoles": ["EXECUTIVE"],
                "rules": [
                    {
                        "kind": "required_field",
                        "params": {"field": "sponsor"},
                        "severity": "CRITICAL",
                    }
                ],
            },
        ],
        **overrides,
    }


async def _mutate(
    gateway: Gateway, document: str, field: str, input: dict[str, Any]
) -> dict[str, Any]:
    answer = await gateway.query(document, {"input": input})
    assert "errors" not in answer, answer
    return answer["data"][field]


async def test_author_publish_revise_and_assign(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    created = await _mutate(gateway, CREATE, "createLifecycle", lifecycle_input())
    assert created["userErrors"] == []
    lifecycle = created["lifecycle"]
    assert lifecycle["status"] == "DRAFT"
    assert [p["projectStatus"] for p in lifecycle["phases"]] == [None, "APPROVED", "ACTIVE"]
    assert lifecycle["gates"][1]["rules"] == [
        {"kind": "required_field", "params": {"field": "sponsor"}, "severity": "CRITICAL"}
    ]
    assert lifecycle["gates"][0]["checklist"] == [
        {"key": "case", "text": "Business case", "required": True}
    ]
    renamed = await _mutate(
        gateway,
        UPDATE,
        "updateLifecycle",
        dict(id=lifecycle["id"], name="Renamed", expectedVersion=lifecycle["version"]),
    )
    assert renamed["userErrors"] == [] and renamed["lifecycle"]["version"] == 2
    published = await _mutate(gateway, PUBLISH, "publishLifecycle", dict(id=lifecycle["id"]))
    assert published["lifecycle"]["status"] == "PUBLISHED"
    revised = await _mutate(gateway, REVISE, "reviseLifecycle", dict(id=lifecycle["id"]))
    assert (revised["lifecycle"]["revision"], revised["lifecycle"]["status"]) == (2, "DRAFT")

    project = await projects_client.create_project(ProjectCreate(code=unique("GL"), name="P"))
    assigned = await _mutate(
        gateway,
        ASSIGN,
        "assignLifecycle",
        dict(projectId=str(project.id), lifecycleId=lifecycle["id"]),
    )
    assert assigned["userErrors"] == []
    assert assigned["projectLifecycle"]["lifecycle"] == {"key": lifecycle["key"], "revision": 1}
    read = await gateway.query(
        """query($id: ID!, $key: String) { projectLifecycle(projectId: $id) { lifecycle { key } }
             lifecycles(key: $key) { edges { node { revision status } } } }""",
        {"id": str(project.id), "key": lifecycle["key"]},
    )
    assert read["data"]["projectLifecycle"]["lifecycle"]["key"] == lifecycle["key"]
    revisions = [e["node"] for e in read["data"]["lifecycles"]["edges"]]
    assert sorted(r["revision"] for r in revisions) == [1, 2]


async def test_user_errors(gateway: Gateway, projects_client: ProjectsClient) -> None:
    bad_kind = lifecycle_input()
    bad_kind["gates"][1]["rules"][0]["kind"] = "astrology"
    refused = await _mutate(gateway, CREATE, "createLifecycle", bad_kind)
    assert refused["lifecycle"] is None
    assert [e["field"] for e in refused["userErrors"]] == ["gates.1.rules.0.kind"]
    draft = (await _mutate(gateway, CREATE, "createLifecycle", lifecycle_input()))["lifecycle"]
    stale = await _mutate(
        gateway, UPDATE, "updateLifecycle", dict(id=draft["id"], name="x", expectedVersion=9)
    )
    assert [e["field"] for e in stale["userErrors"]] == ["expectedVersion"]
    project = await projects_client.create_project(ProjectCreate(code=unique("GL"), name="P"))
    not_published = await _mutate(
        gateway, ASSIGN, "assignLifecycle", dict(projectId=str(project.id), lifecycleId=draft["id"])
    )
    assert not_published["projectLifecycle"] is None
    assert [e["field"] for e in not_published["userErrors"]] == ["lifecycleId"]
    bad_id = await _mutate(
        gateway, ASSIGN, "assignLifecycle", dict(projectId="nope", lifecycleId=draft["id"])
    )
    assert [e["field"] for e in bad_id["userErrors"]] == ["projectId"]
