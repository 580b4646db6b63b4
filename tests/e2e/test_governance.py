"""Governance end to end, through the gateway over the real processes: a standard with rules
is published, a template instantiated, the new project's evaluation fails on what is missing
(no baseline, no status update, a DCMA check), the gaps are fixed through the API and the
score rises; a gate review approved by its approver moves the phase, which nothing else may
move; and a lesson of an earlier project is offered at instantiation."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

import httpx

STANDARD = """
mutation ($key: String!) {
  createStandard(input: {key: $key, title: "E2E governance"}) {
    standard { id } userErrors { field message }
  }
}
"""
ADD_RULE = """
mutation ($input: AddStandardRuleInput!) {
  addStandardRule(input: $input) { rule { id kind } userErrors { field message } }
}
"""
PUBLISH_STANDARD = """
mutation ($id: ID!) {
  publishStandard(input: {id: $id}) { standard { status } userErrors { message } }
}
"""
LIFECYCLE = """
mutation ($input: CreateLifecycleInput!) {
  createLifecycle(input: $input) { lifecycle { id } userErrors { field message } }
}
"""
PUBLISH_LIFECYCLE = """
mutation ($id: ID!) {
  publishLifecycle(input: {id: $id}) { lifecycle { status } userErrors { message } }
}
"""
TEMPLATE = """
mutation ($input: CreateTemplateInput!) {
  createTemplate(input: $input) { template { id } userErrors { field message } }
}
"""
PUBLISH_TEMPLATE = """
mutation ($id: ID!) {
  publishTemplate(input: {id: $id}) { template { status } userErrors { field message } }
}
"""
INSTANTIATE = """
mutation ($input: InstantiateTemplateInput!) {
  instantiateTemplate(input: $input) {
    project {
      id: databaseId phase status tasks(first: 10) { edges { node { id: databaseId name } } }
    }
    lessons { id title }
    userErrors { field message }
  }
}
"""
EVALUATE = """
mutation ($projectId: ID!) {
  evaluateCompliance(input: {projectId: $projectId}) {
    evaluations { score findings { standardKey kind status } }
    userErrors { field message }
  }
}
"""
GATE = """
mutation ($projectId: ID!) {
  openGateReview(input: {projectId: $projectId, toPhase: "planning"}) {
    gateReview { id state } userErrors { field message }
  }
}
"""
CHECK = """
mutation ($id: ID!) {
  checkGateItem(input: {id: $id, itemKey: "business-case", done: true}) {
    gateReview { blockers { openChecklistItems } } userErrors { message }
  }
}
"""
DECIDE = """
mutation ($id: ID!) {
  decideGate(input: {id: $id, decision: GO, comment: "Approved"}) {
    gateReview { state } userErrors { field message }
  }
}
"""
PROJECT = "query ($id: ID!) { project(id: $id) { phase status } }"
EARLIER = """
mutation ($code: String!) {
  createProject(input: {code: $code, name: "Earlier rollout"}) { project { id } }
}
"""
LESSON = """
mutation ($input: RecordLessonInput!) {
  recordLesson(input: $input) { lesson { id title } userErrors { field message } }
}
"""


def _ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def _publish_standard(graphql, tag: str) -> str:
    key = f"e2e-{tag}"
    standard = _ok(graphql(STANDARD, key=key)["createStandard"])["standard"]
    scope = {"tags": [tag]}  # only this test's projects: other tests publish standards too
    for kind, params in (
        ("status_update_age", {"max_age_days": 14}),
        ("baseline_before_phase", {"phase": "initiation", "later_phases": ["planning"]}),
        ("dcma_high_duration", {}),
    ):
        rule = {"standardId": standard["id"], "kind": kind, "params": params, "scope": scope}
        _ok(graphql(ADD_RULE, input=rule)["addStandardRule"])
    _ok(graphql(PUBLISH_STANDARD, id=standard["id"])["publishStandard"])
    return key


def _publish_template(graphql, tag: str, standard_key: str) -> str:
    lifecycle = {
        "key": f"e2e-{tag}",
        "name": "E2E lifecycle",
        "phases": [
            {"key": "initiation", "name": "Initiation"},
            {"key": "planning", "name": "Planning", "projectStatus": "APPROVED"},
        ],
        "gates": [
            {
                "fromPhase": "initiation",
                "toPhase": "planning",
                "checklist": [{"key": "business-case", "text": "Business case signed"}],
                "approverRoles": ["ADMIN"],
            }
        ],
    }
    created = _ok(graphql(LIFECYCLE, input=lifecycle)["createLifecycle"])["lifecycle"]
    _ok(graphql(PUBLISH_LIFECYCLE, id=created["id"])["publishLifecycle"])
    template = {
        "key": f"e2e-{tag}",
        "name": "E2E rollout",
        "category": "schedule",
        "tags": [tag],
        "lifecycleKey": lifecycle["key"],
        "tasks": [
            {"key": "design", "name": "Design", "durationDays": "5"},
            {"key": "build", "name": "Build", "durationDays": "60"},
        ],
        "dependencies": [{"predecessorKey": "design", "successorKey": "build"}],
        "standardKeys": [standard_key],
    }
    made = _ok(graphql(TEMPLATE, input=template)["createTemplate"])["template"]
    _ok(graphql(PUBLISH_TEMPLATE, id=made["id"])["publishTemplate"])
    return made["id"]


def _record_earlier_lesson(graphql, tag: str) -> str:
    earlier = graphql(EARLIER, code=f"E2E-{tag}".upper())["createProject"]["project"]
    lesson = {
        "title": "Split long build tasks before the plan gate",
        "category": "SCHEDULE",
        "recommendation": "Keep tasks under 44 working days so progress shows early.",
        "tags": [tag],
        "sourceProjectId": earlier["id"],
    }
    return _ok(graphql(LESSON, input=lesson)["recordLesson"])["lesson"]["title"]


def _own_findings(graphql, project_id: str, standard_key: str) -> tuple[float, dict[str, str]]:
    [evaluation] = _ok(graphql(EVALUATE, projectId=project_id)["evaluateCompliance"])["evaluations"]
    findings = {
        f["kind"]: f["status"] for f in evaluation["findings"] if f["standardKey"] == standard_key
    }
    return evaluation["score"], findings


def _fix_through_rest(projects: httpx.Client, project: dict[str, Any]) -> None:
    base = f"/v1/projects/{project['id']}"
    baseline = projects.post(f"{base}/baselines/0", json={"name": "Approved plan"})
    assert baseline.status_code in (200, 201), baseline.text
    update = {
        "as_of": date.today().isoformat(),
        **dict.fromkeys(("overall_rag", "schedule_rag", "cost_rag", "scope_rag"), "green"),
        "risk_rag": "green",
        "narrative": "On track.",
    }
    assert projects.post(f"{base}/status-updates", json=update).status_code == 201
    [build] = [t["node"] for t in project["tasks"]["edges"] if t["node"]["name"] == "Build"]
    patched = projects.patch(f"/v1/tasks/{build['id']}", json={"duration_days": "20"})
    assert patched.status_code == 200, patched.text


def test_governance_runs_itself(graphql, running_system, admin_token) -> None:
    tag = secrets.token_hex(4)
    standard_key = _publish_standard(graphql, tag)
    template_id = _publish_template(graphql, tag, standard_key)
    lesson_title = _record_earlier_lesson(graphql, tag)
    instantiation = {
        "id": template_id,
        "name": "E2E rollout",
        # Started a month ago: a status update is due (none is before the start).
        "startDate": (date.today() - timedelta(days=30)).isoformat(),
        "manager": "dev-admin",
        "portfolioId": _portfolio(graphql),
    }
    made = _ok(graphql(INSTANTIATE, input=instantiation)["instantiateTemplate"])
    project = made["project"]
    assert (project["phase"], project["status"]) == ("initiation", "PROPOSED")
    assert lesson_title in [lesson["title"] for lesson in made["lessons"]]

    before, findings = _own_findings(graphql, project["id"], standard_key)
    assert findings == {
        "status_update_age": "FAIL",
        "baseline_before_phase": "FAIL",
        "dcma_high_duration": "FAIL",
    }
    headers = {"authorization": f"Bearer {admin_token}"}
    with httpx.Client(base_url=running_system.url("projects"), headers=headers) as projects:
        _fix_through_rest(projects, project)
        after, findings = _own_findings(graphql, project["id"], standard_key)
        assert set(findings.values()) == {"PASS"}
        assert after > before

        review = _ok(graphql(GATE, projectId=project["id"])["openGateReview"])["gateReview"]
        _ok(graphql(CHECK, id=review["id"])["checkGateItem"])
        decided = _ok(graphql(DECIDE, id=review["id"])["decideGate"])["gateReview"]
        assert decided["state"] == "PASSED"
        moved = graphql(PROJECT, id=project["id"])["project"]
        assert (moved["phase"], moved["status"]) == ("planning", "APPROVED")

        direct = projects.patch(f"/v1/projects/{project['id']}", json={"phase": "initiation"})
        assert direct.status_code == 403
        assert direct.headers["content-type"] == "application/problem+json"
        assert graphql(PROJECT, id=project["id"])["project"]["phase"] == "planning"


def _portfolio(graphql) -> str:
    created = graphql(
        'mutation { createPortfolio(input: {name: "E2E governance"}) { portfolio { id } } }'
    )
    return created["createPortfolio"]["portfolio"]["id"]
