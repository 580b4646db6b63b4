"""Templates through the gateway, over the real governance service."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import Gateway, Seed, unique

FIELDS = """
  id key revision status name category tags version lifecycleKey standardKeys
  tasks { key name parentKey durationDays milestone constraint { type offsetDays } }
  dependencies { predecessorKey successorKey type lagDays }
  raid { risks { title probability impact ownerRole mitigation } assumptions { title } }
  deliverables { key name phase }
"""
CREATE = """
mutation($input: CreateTemplateInput!) {
  createTemplate(input: $input) { template { FIELDS } userErrors { field message } }
}
""".replace("FIELDS", FIELDS)
UPDATE = """
mutation($input: UpdateTemplateInput!) {
  updateTemplate(input: $input) { template { id name version } userErrors { field message } }
}
"""
ACTION = """
mutation($input: TemplateActionInput!) {
  ACTION(input: $input) { template { id revision status version } userErrors { field message } }
}
"""
TEMPLATES = """
query($key: String, $status: TemplateStatus) {
  templates(key: $key, status: $status, first: 10) { edges { node { id revision status } } }
}
"""


def template_input(**fields: Any) -> dict[str, Any]:
    return {
        "key": unique("gwtpl").lower(),
        "name": "Gateway blueprint",
        "category": "software",
        "tags": ["software"],
        "tasks": [
            {"key": "phase", "name": "Phase"},
            {"key": "design", "name": "Design", "parentKey": "phase", "durationDays": "3"},
            {"key": "build", "name": "Build", "parentKey": "phase", "durationDays": "5"},
            {
                "key": "done",
                "name": "Done",
                "milestone": True,
                "constraint": {"type": "SNET", "offsetDays": 14},
            },
        ],
        "dependencies": [
            {"predecessorKey": "design", "successorKey": "build", "type": "SS", "lagDays": "1"},
            {"predecessorKey": "build", "successorKey": "done"},
        ],
        "raid": {
            "risks": [
                {"title": "Scope creep", "probability": 3, "impact": 4, "ownerRole": "manager"}
            ],
            "assumptions": [{"title": "Budget approved"}],
        },
        "deliverables": [{"key": "charter", "name": "Charter"}],
        **fields,
    }


async def create(gateway: Gateway, **fields: Any) -> dict[str, Any]:
    answer = await gateway.query(CREATE, {"input": template_input(**fields)})
    assert "errors" not in answer, answer
    return answer["data"]["createTemplate"]


async def act(gateway: Gateway, action: str, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(ACTION.replace("ACTION", action), {"input": input})
    assert "errors" not in answer, answer
    return answer["data"][action]


async def test_create_and_read_a_template(gateway: Gateway) -> None:
    payload = await create(gateway)
    assert payload["userErrors"] == []
    template = payload["template"]
    assert (template["status"], template["revision"], template["version"]) == ("DRAFT", 1, 1)
    assert template["tasks"][1] == {
        "key": "design",
        "name": "Design",
        "parentKey": "phase",
        "durationDays": "3",
        "milestone": False,
        "constraint": None,
    }
    assert template["tasks"][3]["constraint"] == {"type": "SNET", "offsetDays": 14}
    assert template["dependencies"][0] == {
        "predecessorKey": "design",
        "successorKey": "build",
        "type": "SS",
        "lagDays": "1",
    }
    assert template["raid"]["risks"][0]["ownerRole"] == "manager"
    answer = await gateway.query(
        "query($id: ID!) { template(id: $id) { key tasks { key } deliverables { key } } }",
        {"id": template["id"]},
    )
    assert answer["data"]["template"] == {
        "key": template["key"],
        "tasks": [{"key": k} for k in ("phase", "design", "build", "done")],
        "deliverables": [{"key": "charter"}],
    }


async def test_the_lifecycle_of_a_template(gateway: Gateway) -> None:
    template = (await create(gateway))["template"]
    renamed = await gateway.query(
        UPDATE, {"input": {"id": template["id"], "expectedVersion": 1, "name": "Renamed"}}
    )
    assert renamed["data"]["updateTemplate"]["template"]["version"] == 2
    stale = await gateway.query(
        UPDATE, {"input": {"id": template["id"], "expectedVersion": 1, "name": "Again"}}
    )
    assert stale["data"]["updateTemplate"]["userErrors"][0]["field"] == "expectedVersion"
    published = await act(gateway, "publishTemplate", id=template["id"], expectedVersion=2)
    assert published["template"]["status"] == "PUBLISHED"
    frozen = await gateway.query(UPDATE, {"input": {"id": template["id"], "name": "Frozen"}})
    assert frozen["data"]["updateTemplate"]["template"] is None
    assert frozen["data"]["updateTemplate"]["userErrors"][0]["message"].endswith(
        "start a new revision to change it."
    )
    revised = await act(gateway, "reviseTemplate", id=template["id"])
    assert (revised["template"]["revision"], revised["template"]["status"]) == (2, "DRAFT")
    retired = await act(gateway, "retireTemplate", id=template["id"])
    assert retired["template"]["status"] == "RETIRED"
    listed = await gateway.query(TEMPLATES, {"key": template["key"]})
    statuses = [e["node"]["status"] for e in listed["data"]["templates"]["edges"]]
    assert statuses == ["RETIRED", "DRAFT"]


async def test_user_errors(gateway: Gateway) -> None:
    cycle = [
        {"predecessorKey": "design", "successorKey": "build"},
        {"predecessorKey": "build", "successorKey": "design"},
    ]
    payload = await create(gateway, dependencies=cycle)
    assert payload["template"] is None
    assert [e["field"] for e in payload["userErrors"]] == ["dependencies"]
    bad_days = await create(gateway, tasks=[{"key": "a", "name": "A", "durationDays": "x"}])
    assert bad_days["userErrors"][0]["field"] == "tasks.0.durationDays"
    first = (await create(gateway))["template"]
    duplicate = await create(gateway, key=first["key"])
    assert [e["field"] for e in duplicate["userErrors"]] == ["key"]
    draft_retired = await act(gateway, "retireTemplate", id=first["id"])
    assert draft_retired["userErrors"][0]["field"] == "id"


async def test_idempotency_key_is_forwarded(gateway: Gateway) -> None:
    input = template_input(idempotencyKey=unique("retry"))
    first = await gateway.query(CREATE, {"input": input})
    gateway.reset_calls()
    again = await gateway.query(CREATE, {"input": input})
    template = again["data"]["createTemplate"]["template"]
    assert template == first["data"]["createTemplate"]["template"]
    [request] = gateway.transports["governance"].requests
    assert request.headers["idempotency-key"] == input["idempotencyKey"]
    listed = await gateway.query(TEMPLATES, {"key": input["key"]})
    assert len(listed["data"]["templates"]["edges"]) == 1


INSTANTIATE = """
mutation($input: InstantiateTemplateInput!) {
  instantiateTemplate(input: $input) {
    project { id code name manager startDate }
    instantiation { templateRevision projectCode phase instantiatedBy }
    lessons { id title score }
    userErrors { field message }
  }
}
"""


async def test_instantiate_a_template(gateway: Gateway, seed_portfolio: Seed) -> None:
    portfolio, _ = await seed_portfolio(projects=0)
    template = (await create(gateway))["template"]
    code = unique("GWI")
    input = {
        "id": template["id"],
        "name": "From the gateway",
        "code": code,
        "startDate": "2025-03-03",
        "manager": "maria",
        "portfolioId": str(portfolio.id),
        "idempotencyKey": unique("inst"),
    }
    # (Without the key: a retry with it would replay this 409.)
    draft = await gateway.query(INSTANTIATE, {"input": {**input, "idempotencyKey": None}})
    payload = draft["data"]["instantiateTemplate"]
    assert payload["project"] is None and payload["userErrors"][0]["field"] == "id"
    await act(gateway, "publishTemplate", id=template["id"])
    first = (await gateway.query(INSTANTIATE, {"input": input}))["data"]["instantiateTemplate"]
    assert first["userErrors"] == [] and first["lessons"] == []
    assert first["project"]["code"] == code and first["project"]["manager"] == "maria"
    assert first["instantiation"]["templateRevision"] == 1
    gateway.reset_calls()
    again = (await gateway.query(INSTANTIATE, {"input": input}))["data"]["instantiateTemplate"]
    assert again["project"] == first["project"]
    [request, *_] = gateway.transports["governance"].requests
    assert request.headers["idempotency-key"] == input["idempotencyKey"]
