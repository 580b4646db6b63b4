"""Relay object identification: global ids naming their type, ``databaseId`` carrying the
service's UUID, ``node``/``nodes`` through the DataLoaders, by-id queries taking both forms."""

from __future__ import annotations

import base64

from graphql import GraphQLInterfaceType, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType

from services.gateway.config import GatewaySettings
from services.gateway.relay.queries import READERS
from services.gateway.schema import build_schema
from shared.clients.projects import ProjectsClient
from shared.clients.projects.tasks import TaskCreate
from tests.gateway.conftest import Gateway, Seed, global_id

# Types with an ``id: ID!`` that are not Nodes, and why.
NOT_NODES = {
    # A Task's row on the critical path: its id is the Task's UUID (node(id:) reads the Task
    # from Task.id).
    "CriticalTask",
    # A change-feed event streamed by projectEvents: its id is the event's (a webhook's
    # webhook-id); events are not read by id.
    "ProjectEvent",
}
# Summaries whose global id names the full type (node(id:) answers the full object).
SUMMARIES = {"RiskAnalysisSummary": "RiskAnalysis"}
# Nodes node(id:) cannot read yet: the services have no read by id for them; clients read
# them from their parent (a project's lists, a portfolio's, a resource's, a review's...).
UNRESOLVED = {
    "Assumption", "AuditRecord", "Baseline", "Calendar", "ChangeRequest",
    "CorrectiveAction", "CorrectiveOption", "Decision", "Deliverable", "Finding",
    "GateReviewDecision", "HealthOverride", "HealthSnapshot", "Issue", "Predecessor",
    "ProjectLifecycle", "ProjectMember", "ResourceRate", "Risk",
    "StandardRule", "StatusUpdate", "SuggestedLesson", "TemplateInstantiation", "TimeOff",
}  # fmt: skip

NODE = """query($id: ID!) { node(id: $id) { __typename id databaseId
  ... on Project { name } ... on Portfolio { name } } }"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Project { code } } }"
PROJECT = "query($id: ID!) { project(id: $id) { id databaseId name } }"
PROJECTS = (
    "query($id: ID!) { portfolio(id: $id) { projects { edges { node { id databaseId } } } } }"
)


def typed_id_types() -> tuple[set[str], set[str]]:
    """(types with an ``id: ID!``, those implementing Node) in the gateway's schema."""
    schema = build_schema(GatewaySettings())._schema
    with_id, nodes = set(), set()
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name.startswith("__"):
            continue
        field = graphql_type.fields.get("id")
        if field is None or not isinstance(field.type, GraphQLNonNull):
            continue
        of = field.type.of_type
        if isinstance(of, GraphQLScalarType) and of.name == "ID":
            with_id.add(name)
            if any(i.name == "Node" for i in graphql_type.interfaces):
                nodes.add(name)
    assert isinstance(schema.type_map["Node"], GraphQLInterfaceType)
    return with_id, nodes


def test_every_type_with_an_id_is_a_node_or_listed() -> None:
    with_id, nodes = typed_id_types()
    assert with_id - nodes == NOT_NODES
    assert with_id >= NOT_NODES  # no stale entry


def test_every_node_is_readable_by_node_or_listed() -> None:
    _, nodes = typed_id_types()
    assert set(READERS) <= nodes
    assert set(SUMMARIES.values()) <= set(READERS)
    assert nodes - set(READERS) - set(SUMMARIES) == UNRESOLVED


async def test_a_project_id_is_global_and_names_its_type(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    portfolio, (project,) = await seed_portfolio(1)
    answer = await gateway.query(PROJECT, {"id": str(project.id)})
    node = answer["data"]["project"]
    assert base64.b64decode(node["id"]).decode() == f"Project:{project.id}"
    assert node["databaseId"] == str(project.id)
    # The by-id query takes the global id as well as the UUID.
    again = await gateway.query(PROJECT, {"id": node["id"]})
    assert again["data"]["project"] == node
    listed = await gateway.query(PROJECTS, {"id": str(portfolio.id)})
    assert listed["data"]["portfolio"]["projects"]["edges"] == [
        {"node": {"id": node["id"], "databaseId": str(project.id)}}
    ]


async def test_node_reads_any_resolvable_type(gateway: Gateway, seed_portfolio: Seed) -> None:
    portfolio, (project,) = await seed_portfolio(1)
    for type_name, dto in (("Project", project), ("Portfolio", portfolio)):
        global_id = base64.b64encode(f"{type_name}:{dto.id}".encode()).decode()
        answer = await gateway.query(NODE, {"id": global_id})
        assert answer["data"]["node"] == {
            "__typename": type_name,
            "id": global_id,
            "databaseId": str(dto.id),
            "name": dto.name,
        }


async def test_node_of_an_unknown_object_is_null(gateway: Gateway) -> None:
    unknown = base64.b64encode(b"Project:00000000-0000-4000-8000-000000000000").decode()
    answer = await gateway.query(NODE, {"id": unknown})
    assert answer["data"]["node"] is None and "errors" not in answer


async def test_bad_ids_are_bad_input(gateway: Gateway, seed_portfolio: Seed) -> None:
    portfolio, (project,) = await seed_portfolio(1)
    portfolio_id = base64.b64encode(f"Portfolio:{portfolio.id}".encode()).decode()
    for query, variables in (
        (NODE, {"id": str(project.id)}),  # a UUID does not say its type
        (NODE, {"id": "not an id"}),
        (PROJECT, {"id": portfolio_id}),  # a Portfolio's id given as a Project's
    ):
        answer = await gateway.query(query, variables)
        assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", answer


async def test_nodes_of_one_type_cost_one_upstream_call(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    _, projects = await seed_portfolio(12)
    ids = [base64.b64encode(f"Project:{p.id}".encode()).decode() for p in projects]
    gateway.reset_calls()
    answer = await gateway.query(NODES, {"ids": ids})
    assert [n["id"] for n in answer["data"]["nodes"]] == ids
    assert [n["code"] for n in answer["data"]["nodes"]] == [p.code for p in projects]
    assert gateway.transports["projects"].paths() == ["/v1/projects"]  # ?ids=, one batch
    assert gateway.calls() == 1


async def test_nodes_takes_at_most_100_ids(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, (project,) = await seed_portfolio(1)
    one = base64.b64encode(f"Project:{project.id}".encode()).decode()
    gateway.reset_calls()
    answer = await gateway.query(NODES, {"ids": [one] * 101})
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert gateway.calls() == 0


async def test_a_mutation_takes_either_id_form(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, (project,) = await seed_portfolio(1)
    global_id = base64.b64encode(f"Project:{project.id}".encode()).decode()
    update = """mutation($input: UpdateProjectInput!) { updateProject(input: $input) {
      project { id name version } userErrors { code } } }"""
    for version, (id_form, name) in enumerate(
        ((str(project.id), "By UUID"), (global_id, "By gid"))
    ):
        answer = await gateway.query(
            update,
            {"input": {"id": id_form, "name": name, "expectedVersion": project.version + version}},
        )
        payload = answer["data"]["updateProject"]
        assert payload["userErrors"] == [] and payload["project"]["name"] == name, answer
        assert payload["project"]["id"] == global_id


async def test_nodes_of_mixed_types_cost_one_call_per_type(
    gateway: Gateway, seed_portfolio: Seed, projects_client: ProjectsClient
) -> None:
    portfolio, projects = await seed_portfolio(3)
    tasks = [
        await projects_client.add_task(projects[0].id, TaskCreate(name=f"T{i}")) for i in range(4)
    ]
    ids = [global_id("Portfolio", portfolio.id)]
    ids += [global_id("Project", p.id) for p in projects]
    ids += [global_id("Task", t.id) for t in tasks]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename databaseId } }"
    gateway.reset_calls()
    answer = await gateway.query(query, {"ids": ids})
    assert [(n["__typename"], n["databaseId"]) for n in answer["data"]["nodes"]] == [
        ("Portfolio", str(portfolio.id)),
        *[("Project", str(p.id)) for p in projects],
        *[("Task", str(t.id)) for t in tasks],
    ]
    # The portfolio by id, the projects and the tasks in one batch each.
    assert sorted(gateway.transports["projects"].paths()) == sorted(
        [f"/v1/portfolios/{portfolio.id}", "/v1/projects", "/v1/tasks"]
    )
    assert gateway.calls() == 3
