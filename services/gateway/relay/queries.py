"""``node(id:)`` and ``nodes(ids:)``: any object refetched by its global id, through the same
per-request DataLoaders as the by-id queries, so ``nodes`` over N objects of one type is one
upstream batch read (``?ids=``), whatever N (at most :data:`MAX_NODES`)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from services.gateway.assignments.types import Assignment
from services.gateway.compliance.types import Evaluation
from services.gateway.context import Info
from services.gateway.costs.types import ActualCost
from services.gateway.forecasts.types import RiskAnalysis
from services.gateway.gates.types import GateReview
from services.gateway.governance.types import Standard
from services.gateway.ids import decode
from services.gateway.lessons.types import Lesson
from services.gateway.levelling.types import Job
from services.gateway.lifecycles.types import Lifecycle
from services.gateway.portfolios.types import Portfolio
from services.gateway.programs.types import Program
from services.gateway.projects.types import Project
from services.gateway.relay.node import Node
from services.gateway.resources.types import Resource
from services.gateway.tasks.types import Task
from services.gateway.templates.types import Template
from shared.errors import FieldError, NotFound, ValidationFailed

MAX_NODES = 100

Read = Callable[[Info, uuid.UUID], Awaitable[Any]]


def _loaded(build: Callable[[Any], Any], pick: Callable[[Any], Any]) -> Read:
    async def read(info: Info, key: uuid.UUID) -> Any:
        return build(await pick(info.context.loaders).load(key))

    return read


async def _assignment(info: Info, key: uuid.UUID) -> Assignment:
    return Assignment.from_dto(await info.context.clients.projects.get_assignment(key))


async def _job(info: Info, key: uuid.UUID) -> Job:
    return Job.from_dto(await info.context.clients.projects.get_job(key))


async def _risk_analysis(info: Info, key: uuid.UUID) -> RiskAnalysis:
    return RiskAnalysis.from_full(await info.context.clients.projects.risk_analysis(key))


# GraphQL type name -> how node() reads one. Types implementing Node and absent here have no
# read by id upstream yet: tests/gateway/test_relay_nodes.py lists them (UNRESOLVED).
READERS: dict[str, Read] = {
    "Portfolio": _loaded(Portfolio.from_dto, lambda ls: ls.portfolios.portfolio),
    "Program": _loaded(Program.from_dto, lambda ls: ls.programs.program),
    "Project": _loaded(Project.from_dto, lambda ls: ls.projects.project),
    "Task": _loaded(Task.from_dto, lambda ls: ls.tasks.task),
    "Resource": _loaded(Resource.from_dto, lambda ls: ls.resources.resource),
    "ActualCost": _loaded(ActualCost.from_dto, lambda ls: ls.costs.actual_cost),
    "Standard": _loaded(Standard.from_dto, lambda ls: ls.governance.standard),
    "Evaluation": _loaded(Evaluation.from_dto, lambda ls: ls.compliance.evaluation),
    "Lesson": _loaded(Lesson.from_dto, lambda ls: ls.lessons.lesson),
    "Lifecycle": _loaded(Lifecycle.from_dto, lambda ls: ls.lifecycles.lifecycle),
    "GateReview": _loaded(GateReview.from_dto, lambda ls: ls.gates.review),
    "Template": _loaded(Template.from_dto, lambda ls: ls.templates.template),
    # No batch read upstream: one read by id each.
    "Assignment": _assignment,
    "Job": _job,
    "RiskAnalysis": _risk_analysis,
}


async def resolve_node(info: Info, id: str, argument: str = "id") -> Node | None:
    """The object a global id names; None when it is unknown or invisible to the caller."""
    parsed = decode(id)
    type_name = parsed[0] if parsed is not None else None
    if parsed is None or type_name is None:
        raise ValidationFailed(
            f"{argument} must be a global id (a UUID does not say its type).",
            errors=[FieldError(argument, "not a global id")],
        )
    key = parsed[1]
    read = READERS.get(type_name)
    if read is None:
        raise ValidationFailed(
            f"{type_name} objects cannot be read by node(id:); read them from their parent.",
            errors=[FieldError(argument, "type not resolvable")],
        )
    try:
        node: Node = await read(info, key)
    except NotFound:
        return None
    return node


@strawberry.type
class NodeQueries:
    @strawberry.field(description="The object a global id names; null if unknown.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)

    @strawberry.field(
        description=f"The objects global ids name, in order, null where unknown; at most "
        f"{MAX_NODES} ids. Objects of one type are read in one batch."
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise ValidationFailed(
                f"ids holds {len(ids)} ids; at most {MAX_NODES}.",
                errors=[FieldError("ids", f"at most {MAX_NODES}")],
            )
        return list(await asyncio.gather(*(resolve_node(info, i, "ids") for i in ids)))
