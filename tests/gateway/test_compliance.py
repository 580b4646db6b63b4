"""Rules of standards, rule kinds and compliance through the gateway, over the real
governance service (which reads the real projects service's facts)."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import Gateway, Seed, unique, uuid_of

STANDARD_FIELDS = "id key revision status version ruleCount"
RULE_FIELDS = """id standardId position kind params severity weight title version
  scope { portfolioIds projectStatuses phases tags }"""

CREATE_STANDARD = f"""
mutation($input: CreateStandardInput!) {{
  createStandard(input: $input) {{
    standard {{ {STANDARD_FIELDS} }} userErrors {{ field message }} }}
}}"""
ADD_RULE = f"""
mutation($input: AddStandardRuleInput!) {{
  addStandardRule(input: $input) {{ rule {{ {RULE_FIELDS} }} userErrors {{ field message }} }}
}}"""
UPDATE_RULE = f"""
mutation($input: UpdateStandardRuleInput!) {{
  updateStandardRule(input: $input) {{ rule {{ {RULE_FIELDS} }} userErrors {{ field message }} }}
}}"""
DELETE_RULE = """
mutation($input: DeleteStandardRuleInput!) {
  deleteStandardRule(input: $input) { deletedRuleId userErrors { field message } }
}"""
UPDATE_STANDARD = f"""
mutation($input: UpdateStandardInput!) {{
  updateStandard(input: $input) {{ standard {{ {STANDARD_FIELDS} title }}
    userErrors {{ field message }} }}
}}"""
TRANSITIONS = {
    name: f"""
mutation($input: {kind}!) {{
  {name}(input: $input) {{ standard {{ {STANDARD_FIELDS} }} userErrors {{ field message }} }}
}}"""
    for name, kind in (
        ("publishStandard", "StandardTransitionInput"),
        ("retireStandard", "StandardTransitionInput"),
        ("reviseStandard", "ReviseStandardInput"),
    )
}
STANDARD_WITH_RULES = f"""
query($id: ID!, $first: Int, $after: String) {{
  standard(id: $id) {{ ruleCount
    rules(first: $first, after: $after) {{
      edges {{ node {{ {RULE_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}
}}"""


async def ok(gateway: Gateway, query: str, input: dict[str, Any], field: str) -> dict[str, Any]:
    answer = await gateway.query(query, {"input": input})
    assert "errors" not in answer, answer
    payload = answer["data"][field]
    assert payload["userErrors"] == [], payload
    return payload


async def draft_standard(gateway: Gateway) -> dict[str, Any]:
    input = {"key": unique("gwr").lower(), "title": "Hygiene"}
    return (await ok(gateway, CREATE_STANDARD, input, "createStandard"))["standard"]


async def add_rule(gateway: Gateway, standard_id: str, **input: Any) -> dict[str, Any]:
    body = {"standardId": standard_id, "kind": "required_field", "params": {"field": "sponsor"}}
    return (await ok(gateway, ADD_RULE, body | input, "addStandardRule"))["rule"]


async def test_rule_kinds_are_listed(gateway: Gateway) -> None:
    answer = await gateway.query("{ ruleKinds { name title category example paramsSchema } }")
    kinds = {k["name"]: k for k in answer["data"]["ruleKinds"]}
    assert kinds["required_field"]["category"] == "GOVERNANCE"
    assert "field" in kinds["required_field"]["paramsSchema"]["properties"]
    assert kinds["status_update_age"]["example"] == {"max_age_days": 14}
    assert sum(k["category"] == "DCMA" for k in kinds.values()) == 14


async def test_rules_are_written_read_and_paged(gateway: Gateway) -> None:
    standard = await draft_standard(gateway)
    first = await add_rule(
        gateway,
        standard["id"],
        severity="CRITICAL",
        weight=2.5,
        title="Sponsor named",
        scope={"projectStatuses": ["ACTIVE"], "tags": ["erp"]},
    )
    assert (first["severity"], first["weight"], first["position"]) == ("CRITICAL", 2.5, 1)
    assert first["scope"] == {
        "portfolioIds": [],
        "projectStatuses": ["ACTIVE"],
        "phases": [],
        "tags": ["erp"],
    }
    second = await add_rule(
        gateway, standard["id"], kind="status_update_age", params={"max_age_days": 7}
    )
    third = await add_rule(gateway, standard["id"], params={"field": "manager"})
    seen, after = [], None
    while True:
        answer = await gateway.query(
            STANDARD_WITH_RULES, {"id": standard["id"], "first": 2, "after": after}
        )
        read = answer["data"]["standard"]
        assert read["ruleCount"] == 3
        seen += [edge["node"]["id"] for edge in read["rules"]["edges"]]
        if not read["rules"]["pageInfo"]["hasNextPage"]:
            break
        after = read["rules"]["pageInfo"]["endCursor"]
    assert seen == [first["id"], second["id"], third["id"]]


async def test_rules_of_many_standards_take_one_upstream_call(gateway: Gateway) -> None:
    standards = [await draft_standard(gateway) for _ in range(3)]
    for standard in standards:
        await add_rule(gateway, standard["id"])
    gateway.reset_calls()
    answer = await gateway.query(
        """query { standards(first: 50, status: DRAFT) {
             edges { node { id rules(first: 5) { edges { node { kind } } } } } } }"""
    )
    nodes = {e["node"]["id"]: e["node"] for e in answer["data"]["standards"]["edges"]}
    for standard in standards:
        assert [e["node"]["kind"] for e in nodes[standard["id"]]["rules"]["edges"]] == [
            "required_field"
        ]
    rule_calls = [p for p in gateway.transports["governance"].paths() if "rule" in p]
    assert rule_calls == ["/v1/standard-rules/first-pages"]


async def test_rule_user_errors(gateway: Gateway) -> None:
    standard = await draft_standard(gateway)
    unknown = await gateway.query(
        ADD_RULE, {"input": {"standardId": standard["id"], "kind": "no_such_kind"}}
    )
    [error] = unknown["data"]["addStandardRule"]["userErrors"]
    assert error["field"] == "kind" and "required_field" in error["message"]
    wrong = await gateway.query(
        ADD_RULE,
        {
            "input": {
                "standardId": standard["id"],
                "kind": "status_update_age",
                "params": {"max_age_days": "seven"},
            }
        },
    )
    fields = [e["field"] for e in wrong["data"]["addStandardRule"]["userErrors"]]
    assert fields == ["params.maxAgeDays"]
    read = await gateway.query(STANDARD_WITH_RULES, {"id": standard["id"]})
    assert read["data"]["standard"]["ruleCount"] == 0


async def test_update_delete_and_the_frozen_revision(gateway: Gateway) -> None:
    standard = await draft_standard(gateway)
    rule = await add_rule(gateway, standard["id"])
    where = {"standardId": standard["id"], "id": rule["id"]}
    changed = await ok(
        gateway,
        UPDATE_RULE,
        {**where, "expectedVersion": 1, "severity": "MINOR", "params": {"field": "budget"}},
        "updateStandardRule",
    )
    assert changed["rule"]["severity"] == "MINOR" and changed["rule"]["version"] == 2
    stale = await gateway.query(UPDATE_RULE, {"input": {**where, "expectedVersion": 1}})
    assert [e["field"] for e in stale["data"]["updateStandardRule"]["userErrors"]] == [
        "expectedVersion"
    ]
    renamed = await ok(
        gateway,
        UPDATE_STANDARD,
        {"id": standard["id"], "expectedVersion": 1, "title": "Hygiene v1"},
        "updateStandard",
    )
    assert renamed["standard"]["title"] == "Hygiene v1"
    published = await ok(
        gateway, TRANSITIONS["publishStandard"], {"id": standard["id"]}, "publishStandard"
    )
    assert published["standard"]["status"] == "PUBLISHED"
    frozen = await gateway.query(DELETE_RULE, {"input": where})
    payload = frozen["data"]["deleteStandardRule"]
    assert payload["deletedRuleId"] is None
    assert [e["field"] for e in payload["userErrors"]] == ["standardId"]

    draft = (
        await ok(gateway, TRANSITIONS["reviseStandard"], {"id": standard["id"]}, "reviseStandard")
    )["standard"]
    assert (draft["revision"], draft["status"], draft["ruleCount"]) == (2, "DRAFT", 1)
    copies = await gateway.query(STANDARD_WITH_RULES, {"id": draft["id"]})
    [copy] = [e["node"] for e in copies["data"]["standard"]["rules"]["edges"]]
    stored = {"field": "budget", "phase": None, "later_phases": []}  # defaults filled in
    assert copy["params"] == stored and copy["id"] != rule["id"]
    deleted = await ok(
        gateway,
        DELETE_RULE,
        {"standardId": draft["id"], "id": copy["id"], "expectedVersion": 1},
        "deleteStandardRule",
    )
    assert deleted["deletedRuleId"] == copy["id"]
    retired = await ok(
        gateway, TRANSITIONS["retireStandard"], {"id": standard["id"]}, "retireStandard"
    )
    assert retired["standard"]["status"] == "RETIRED"
    again = await gateway.query(TRANSITIONS["retireStandard"], {"input": {"id": standard["id"]}})
    assert again["data"]["retireStandard"]["userErrors"][0]["field"] == "id"


EVALUATE = """
mutation($input: EvaluateComplianceInput!) {
  evaluateCompliance(input: $input) {
    evaluations { id projectId portfolioId score passed failed notApplicable standardIds
      bySeverity { severity passed failed notApplicable } }
    userErrors { field message }
  }
}"""
EVALUATION = """
query($id: ID!) {
  evaluation(id: $id) { id score project { code }
    findings { ruleId standardId standardKey kind severity status message evidence } }
}"""


async def published(gateway: Gateway, **rule: Any) -> dict[str, Any]:
    standard = await draft_standard(gateway)
    await add_rule(gateway, standard["id"], **rule)
    answer = await ok(
        gateway, TRANSITIONS["publishStandard"], {"id": standard["id"]}, "publishStandard"
    )
    return answer["standard"]


async def test_evaluate_fix_and_reevaluate(
    gateway: Gateway, seed_portfolio: Seed, projects_client
) -> None:
    from shared.clients.projects.projects import ProjectUpdate

    portfolio, [project, other] = await seed_portfolio(projects=2)
    tag = unique("tag").lower()
    standard = await published(
        gateway,
        params={"field": "sponsor"},
        severity="CRITICAL",
        weight=10,
        scope={"portfolioIds": [str(portfolio.id)]},
        title=tag,
    )
    first = await ok(gateway, EVALUATE, {"projectId": str(project.id)}, "evaluateCompliance")
    [evaluation] = first["evaluations"]
    assert evaluation["projectId"] == str(project.id)
    assert uuid_of(standard["id"]) in evaluation["standardIds"]
    read = await gateway.query(EVALUATION, {"id": evaluation["id"]})
    mine = [
        f
        for f in read["data"]["evaluation"]["findings"]
        if f["standardId"] == uuid_of(standard["id"])
    ]
    assert [(f["kind"], f["severity"], f["status"]) for f in mine] == [
        ("required_field", "CRITICAL", "FAIL")
    ]
    assert mine[0]["evidence"] == {"field": "sponsor"}
    assert read["data"]["evaluation"]["project"]["code"] == project.code

    await projects_client.update_project(project.id, ProjectUpdate(sponsor="Dana"))
    second = await ok(gateway, EVALUATE, {"portfolioId": str(portfolio.id)}, "evaluateCompliance")
    scores = {e["projectId"]: e["score"] for e in second["evaluations"]}
    assert set(scores) == {str(project.id), str(other.id)}
    assert scores[str(project.id)] > evaluation["score"]

    trend = await gateway.query(
        """query($id: ID!) { projectCompliance(projectId: $id) {
             latest { id score findings(status: FAIL) { standardId } } trend { score } } }""",
        {"id": str(project.id)},
    )
    compliance = trend["data"]["projectCompliance"]
    assert [p["score"] for p in compliance["trend"]] == [
        evaluation["score"],
        scores[str(project.id)],
    ]
    failing = {f["standardId"] for f in compliance["latest"]["findings"]}
    assert uuid_of(standard["id"]) not in failing
    history = await gateway.query(
        """query($id: ID!) { evaluations(projectId: $id, first: 1) {
             edges { node { id score } } pageInfo { hasNextPage } } }""",
        {"id": str(project.id)},
    )
    page = history["data"]["evaluations"]
    assert [e["node"]["id"] for e in page["edges"]] == [compliance["latest"]["id"]]
    assert page["pageInfo"]["hasNextPage"] is True
    portfolio_view = await gateway.query(
        """query($id: ID!) { portfolioCompliance(portfolioId: $id) {
             averageScore projects { projectId score } trend { day averageScore projects } } }""",
        {"id": str(portfolio.id)},
    )
    view = portfolio_view["data"]["portfolioCompliance"]
    assert {p["projectId"] for p in view["projects"]} == {str(project.id), str(other.id)}
    assert view["trend"][-1]["projects"] == 2


async def test_project_compliance_of_many_projects_is_one_call(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    portfolio, projects = await seed_portfolio(projects=3)
    await published(
        gateway, params={"field": "manager"}, scope={"portfolioIds": [str(portfolio.id)]}
    )
    await ok(gateway, EVALUATE, {"portfolioId": str(portfolio.id)}, "evaluateCompliance")
    gateway.reset_calls()
    answer = await gateway.query(
        """query($id: ID!) { portfolio(id: $id) { projects(first: 10) {
             edges { node { code compliance { score failed } } } } } }""",
        {"id": str(portfolio.id)},
    )
    nodes = [e["node"] for e in answer["data"]["portfolio"]["projects"]["edges"]]
    assert [n["code"] for n in nodes] == [p.code for p in projects]
    assert all(n["compliance"]["failed"] >= 1 for n in nodes)
    assert gateway.transports["governance"].paths() == ["/v1/evaluations/latest"]


async def test_evaluation_user_errors_and_unknown_projects(gateway: Gateway) -> None:
    both = await gateway.query(
        EVALUATE,
        {
            "input": {
                "projectId": "00000000-0000-4000-8000-000000000000",
                "portfolioId": "00000000-0000-4000-8000-000000000000",
            }
        },
    )
    payload = both["data"]["evaluateCompliance"]
    assert payload["evaluations"] is None and payload["userErrors"]
    unknown = await gateway.query(
        EVALUATE, {"input": {"projectId": "00000000-0000-4000-8000-000000000000"}}
    )
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bad = await gateway.query(EVALUATE, {"input": {"projectId": "not-a-uuid"}})
    assert [e["field"] for e in bad["data"]["evaluateCompliance"]["userErrors"]] == ["projectId"]
