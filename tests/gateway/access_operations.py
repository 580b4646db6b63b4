"""The operations of the access matrix: reads and writes across projects, tasks, links, RAID,
baselines, change requests, governance (gate reviews, evaluations, lessons) and reporting
(snapshots, health, corrective actions), each through REST and, where a root field makes
it, through the gateway. No expected answer is written here: the matrix derives each from
the operation's rule in the permission maps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.gateway.access_world import World
from tests.gateway.conftest import global_id as gid

Vars = dict[str, Any]  # the target's ids, "portfolio", "lesson", "fresh", "unique"
Make = Callable[[Vars], Any]


@dataclass(frozen=True)
class Graph:
    field: str  # "Query.project", "Mutation.updateTask": its rule is the gateway map's
    document: str
    variables: Make
    marker: Make | None = None  # what a reader sees and others must not (visible rules)


@dataclass(frozen=True)
class Op:
    op_id: str  # its rule is the service map's
    service: str
    method: str
    path: str  # formatted with the Vars
    body: Make | None = None
    params: Make | None = None
    graph: Graph | None = None
    scoped: bool = True  # once per project (own, other); else once
    fresh: str | None = None  # a World.fresh_* made anew for each call, as {fresh}
    marker: Make | None = None


def _q(field: str, args: str, selection: str = "id") -> str:
    params = ", ".join(
        f"${a.split(':')[0].strip()}: {a.split(':')[1].strip()}" for a in args.split(",")
    )
    call = ", ".join(
        f"{a.split(':')[0].strip()}: ${a.split(':')[0].strip()}" for a in args.split(",")
    )
    return f"query({params}) {{ {field}({call}) {{ {selection} }} }}"


def _m(field: str, input_type: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {field}(input: $input) "
        "{ userErrors { message } } }"
    )


def _node(type_name: str, key: str) -> Graph:
    return Graph(
        "Query.node",
        _q("node", "id: ID!"),
        lambda v: {"id": gid(type_name, v[key])},
        marker=lambda v: gid(type_name, v[key]),
    )


READS = (
    Op(
        "get_project",
        "projects",
        "GET",
        "/v1/projects/{project}",
        graph=Graph("Query.project", _q("project", "id: ID!"), lambda v: {"id": v["project"]}),
    ),
    Op("list_tasks", "projects", "GET", "/v1/projects/{project}/tasks"),
    Op("get_task", "projects", "GET", "/v1/tasks/{task}", graph=_node("Task", "task")),
    Op("list_dependencies", "projects", "GET", "/v1/projects/{project}/dependencies"),
    Op("get_risk", "projects", "GET", "/v1/risks/{risk}"),
    Op("get_baseline", "projects", "GET", "/v1/projects/{project}/baselines/1"),
    Op(
        "get_change_request",
        "projects",
        "GET",
        "/v1/change-requests/{change_request}",
    ),
    Op("list_project_members", "projects", "GET", "/v1/projects/{project}/members"),
    Op(
        "list_projects",
        "projects",
        "GET",
        "/v1/projects",
        params=lambda v: {"portfolio_id": v["portfolio"]},
        marker=lambda v: v["project"],
        graph=Graph(
            "Query.projects",
            _q("projects", "portfolioId: ID", "edges { node { id } }"),
            lambda v: {"portfolioId": v["portfolio"]},
            marker=lambda v: gid("Project", v["project"]),
        ),
    ),
    Op(
        "list_tasks_by_ids",
        "projects",
        "GET",
        "/v1/tasks",
        params=lambda v: {"ids": v["task"]},
        marker=lambda v: v["task"],
    ),
    Op(
        "list_audit_records",
        "projects",
        "GET",
        "/v1/audit-records",
        params=lambda v: {"project_id": v["project"]},
    ),
    Op(
        "get_gate_review",
        "governance",
        "GET",
        "/v1/gate-reviews/{review}",
        graph=Graph("Query.gateReview", _q("gateReview", "id: ID!"), lambda v: {"id": v["review"]}),
    ),
    Op(
        "list_gate_reviews",
        "governance",
        "GET",
        "/v1/gate-reviews",
        params=lambda v: {"project_id": v["project"]},
        marker=lambda v: v["review"],
        graph=Graph(
            "Query.gateReviews",
            _q("gateReviews", "projectId: ID", "edges { node { id } }"),
            lambda v: {"projectId": v["project"]},
            marker=lambda v: gid("GateReview", v["review"]),
        ),
    ),
    Op("list_gate_reviews", "governance", "GET", "/v1/gate-reviews", scoped=False),
    Op(
        "get_evaluation",
        "governance",
        "GET",
        "/v1/evaluations/{evaluation}",
        graph=Graph(
            "Query.evaluation", _q("evaluation", "id: ID!"), lambda v: {"id": v["evaluation"]}
        ),
    ),
    Op(
        "get_project_compliance",
        "governance",
        "GET",
        "/v1/projects/{project}/compliance",
        graph=Graph(
            "Query.projectCompliance",
            _q("projectCompliance", "projectId: ID!", "__typename"),
            lambda v: {"projectId": v["project"]},
        ),
    ),
    Op(
        "get_portfolio_compliance",
        "governance",
        "GET",
        "/v1/portfolios/{portfolio}/compliance",
        scoped=False,
        graph=Graph(
            "Query.portfolioCompliance",
            _q("portfolioCompliance", "portfolioId: ID!", "__typename"),
            lambda v: {"portfolioId": v["portfolio"]},
        ),
    ),
    Op(
        "get_lesson",
        "governance",
        "GET",
        "/v1/lessons/{lesson}",
        scoped=False,
        graph=Graph("Query.lesson", _q("lesson", "id: ID!"), lambda v: {"id": v["lesson"]}),
    ),
    Op("list_project_snapshots", "reporting", "GET", "/v1/projects/{project}/snapshots"),
    Op("get_project_health", "reporting", "GET", "/v1/projects/{project}/health"),
    Op(
        "get_corrective_action",
        "reporting",
        "GET",
        "/v1/corrective-actions/{action}",
        graph=Graph(
            "Query.correctiveAction",
            _q("correctiveAction", "id: ID!"),
            lambda v: {"id": v["action"]},
        ),
    ),
    Op(
        "list_project_corrective_actions",
        "reporting",
        "GET",
        "/v1/projects/{project}/corrective-actions",
    ),
)


def _mutation(field: str, input_type: str, make: Make) -> Graph:
    return Graph(f"Mutation.{field}", _m(field, input_type), lambda v: {"input": make(v)})


WRITES = (
    Op(
        "update_project",
        "projects",
        "PATCH",
        "/v1/projects/{project}",
        body=lambda v: {"description": v["unique"]},
        graph=_mutation(
            "updateProject",
            "UpdateProjectInput",
            lambda v: {"id": v["project"], "description": "g"},
        ),
    ),
    Op(
        "add_task",
        "projects",
        "POST",
        "/v1/projects/{project}/tasks",
        body=lambda v: {"name": v["unique"]},
        graph=_mutation(
            "addTask", "AddTaskInput", lambda v: {"projectId": v["project"], "name": v["unique"]}
        ),
    ),
    Op(
        "update_task",
        "projects",
        "PATCH",
        "/v1/tasks/{task}",
        body=lambda v: {"name": v["unique"]},
        graph=_mutation(
            "updateTask", "UpdateTaskInput", lambda v: {"id": gid("Task", v["task"]), "name": "g"}
        ),
    ),
    Op(
        "delete_task",
        "projects",
        "DELETE",
        "/v1/tasks/{fresh}",
        fresh="fresh_task",
        graph=_mutation("deleteTask", "DeleteTaskInput", lambda v: {"id": gid("Task", v["fresh"])}),
    ),
    Op(
        "update_dependency",
        "projects",
        "PATCH",
        "/v1/dependencies/{link}",
        body=lambda v: {"lag_days": "1"},
        graph=_mutation(
            "updateDependency",
            "UpdateDependencyInput",
            lambda v: {"id": v["link"], "projectId": v["project"], "lagDays": "2"},
        ),
    ),
    Op(
        "create_risk",
        "projects",
        "POST",
        "/v1/projects/{project}/risks",
        body=lambda v: {"title": v["unique"], "probability": 2, "impact": 3},
        graph=_mutation(
            "createRisk",
            "CreateRiskInput",
            lambda v: {"projectId": v["project"], "title": "g", "probability": 2, "impact": 3},
        ),
    ),
    Op(
        "update_risk",
        "projects",
        "PATCH",
        "/v1/risks/{risk}",
        body=lambda v: {"owner": v["unique"]},
        graph=_mutation(
            "updateRisk", "UpdateRiskInput", lambda v: {"id": gid("Risk", v["risk"]), "owner": "g"}
        ),
    ),
    Op(
        "delete_risk",
        "projects",
        "DELETE",
        "/v1/risks/{fresh}",
        fresh="fresh_risk",
        graph=_mutation(
            "deleteRisk", "DeleteRaidEntryInput", lambda v: {"id": gid("Risk", v["fresh"])}
        ),
    ),
    Op(
        "set_baseline",
        "projects",
        "POST",
        "/v1/projects/{project}/baselines/2",
        params=lambda v: {"replace": "true"},
        graph=_mutation(
            "setBaseline",
            "SetBaselineInput",
            lambda v: {"projectId": v["project"], "number": 2, "replace": True},
        ),
    ),
    Op(
        "create_change_request",
        "projects",
        "POST",
        "/v1/projects/{project}/change-requests",
        body=lambda v: {"title": v["unique"]},
        graph=_mutation(
            "createChangeRequest",
            "CreateChangeRequestInput",
            lambda v: {"projectId": v["project"], "title": "g"},
        ),
    ),
    Op(
        "update_change_request",
        "projects",
        "PATCH",
        "/v1/change-requests/{change_request}",
        body=lambda v: {"reason": v["unique"]},
        graph=_mutation(
            "updateChangeRequest",
            "UpdateChangeRequestInput",
            lambda v: {"id": gid("ChangeRequest", v["change_request"]), "reason": "g"},
        ),
    ),
    Op(
        "add_project_member",
        "projects",
        "POST",
        "/v1/projects/{project}/members",
        body=lambda v: {"user_id": v["unique"], "role": "viewer"},
        graph=_mutation(
            "addProjectMember",
            "AddProjectMemberInput",
            lambda v: {"projectId": v["project"], "userId": v["unique"], "role": "VIEWER"},
        ),
    ),
    Op(
        "create_project",
        "projects",
        "POST",
        "/v1/projects",
        scoped=False,
        body=lambda v: {
            "code": v["unique"],
            "name": "Made by anyone",
            "portfolio_id": v["portfolio"],
        },
        graph=_mutation(
            "createProject",
            "CreateProjectInput",
            lambda v: {"code": v["unique"], "name": "g", "portfolioId": v["portfolio"]},
        ),
    ),
    Op(
        "evaluate_gate_review",
        "governance",
        "POST",
        "/v1/gate-reviews/{review}/evaluate",
        graph=_mutation(
            "evaluateGateReview", "EvaluateGateReviewInput", lambda v: {"id": v["review"]}
        ),
    ),
    Op(
        "create_evaluation",
        "governance",
        "POST",
        "/v1/evaluations",
        body=lambda v: {"project_id": v["project"]},
        graph=_mutation(
            "evaluateCompliance", "EvaluateComplianceInput", lambda v: {"projectId": v["project"]}
        ),
    ),
    Op(
        "create_lesson",
        "governance",
        "POST",
        "/v1/lessons",
        scoped=False,
        body=lambda v: {"title": v["unique"], "category": "scope"},
        graph=_mutation(
            "recordLesson", "RecordLessonInput", lambda v: {"title": "g", "category": "SCOPE"}
        ),
    ),
    Op(
        "update_lesson",
        "governance",
        "PATCH",
        "/v1/lessons/{lesson}",
        scoped=False,
        body=lambda v: {"recommendation": v["unique"]},
        graph=_mutation(
            "updateLesson",
            "UpdateLessonInput",
            lambda v: {"id": v["lesson"], "recommendation": "g"},
        ),
    ),
    Op(
        "take_snapshots",
        "reporting",
        "POST",
        "/v1/snapshots",
        body=lambda v: {"project_ids": [v["project"]]},
        graph=_mutation(
            "takeSnapshots", "TakeSnapshotsInput", lambda v: {"projectIds": [v["project"]]}
        ),
    ),
    Op(
        "create_corrective_action",
        "reporting",
        "POST",
        "/v1/corrective-actions",
        body=lambda v: {"project_id": v["project"], "title": v["unique"]},
        graph=_mutation(
            "createCorrectiveAction",
            "CreateCorrectiveActionInput",
            lambda v: {"projectId": v["project"], "title": "g"},
        ),
    ),
    Op(
        "update_corrective_action",
        "reporting",
        "PATCH",
        "/v1/corrective-actions/{action}",
        body=lambda v: {"owner": v["unique"]},
        graph=_mutation(
            "updateCorrectiveAction",
            "UpdateCorrectiveActionInput",
            lambda v: {"id": v["action"], "owner": "g"},
        ),
    ),
)

OPERATIONS = READS + WRITES


async def make_fresh(world: World, op: Op, target: Any) -> str:
    if op.fresh is None or target is None:
        return ""
    maker = getattr(world, op.fresh)
    return str(await maker(target))
