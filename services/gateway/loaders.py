"""Per-request DataLoaders: every relation the schema resolves goes through one of these, so
N sibling lookups become one upstream call and a query's upstream calls are bounded by its
depth, not by the size of its lists.

Built per request in the context getter and never shared: their cache holds what one
caller, with one token, may see.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from services.gateway.connections import Position
from shared.clients.governance import GovernanceClient, StandardDTO
from shared.clients.projects import ProjectsClient
from shared.clients.projects.planning import BaselineDTO, CriticalPathDTO, DependencyDTO
from shared.clients.projects.portfolios import PortfolioDTO
from shared.clients.projects.projects import ProjectDTO, ProjectStatus
from shared.clients.projects.records import (
    AssumptionDTO,
    ChangeRequestDTO,
    DecisionDTO,
    IssueDTO,
    RiskDTO,
)
from shared.clients.projects.tasks import TaskDTO, TaskFieldsDTO
from shared.clients.reporting import PortfolioSummaryDTO, ReportingClient
from shared.errors import NotFound
from shared.pagination import MAX_LIMIT, Page

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D", PortfolioDTO, ProjectDTO, TaskDTO, StandardDTO)

# A sparse task read (``TasksKey.fields``) answers TaskFieldsDTOs.
PageResult = tuple[Sequence[TaskDTO | TaskFieldsDTO], str | None]
ProjectPageResult = tuple[list[ProjectDTO], str | None]

# The per-project planning lists (RAID log, change requests) show their first page only.
PLANNING_LIST_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Clients:
    projects: ProjectsClient
    governance: GovernanceClient
    reporting: ReportingClient

    async def aclose(self) -> None:
        await asyncio.gather(
            self.projects.aclose(), self.governance.aclose(), self.reporting.aclose()
        )


@dataclass(frozen=True, slots=True)
class TasksKey:
    """``fields``: the task fields the query needs (the keys come anyway); ``None``: all."""

    project_id: uuid.UUID
    first: int
    position: Position
    fields: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class ProjectsKey:
    portfolio_id: uuid.UUID
    first: int
    position: Position
    status: tuple[ProjectStatus, ...] = ()


class Loaders:
    """This request's DataLoaders, each built on first use: most queries touch one or two,
    and building all six on every request measured ~4% of a simple query's CPU."""

    def __init__(self, clients: Clients) -> None:
        self._clients = clients

    @cached_property
    def portfolio(self) -> DataLoader[uuid.UUID, PortfolioDTO]:
        projects = self._clients.projects
        return _loader(
            partial(_by_ids, projects.portfolios_by_ids, projects.get_portfolio, "Portfolio")
        )

    @cached_property
    def project(self) -> DataLoader[uuid.UUID, ProjectDTO]:
        projects = self._clients.projects
        return _loader(partial(_by_ids, projects.projects_by_ids, projects.get_project, "Project"))

    @cached_property
    def tasks(self) -> DataLoader[TasksKey, PageResult]:
        return _loader(partial(_tasks, self._clients.projects))

    @cached_property
    def portfolio_projects(self) -> DataLoader[ProjectsKey, ProjectPageResult]:
        return _loader(partial(_portfolio_projects, self._clients.projects))

    @cached_property
    def task(self) -> DataLoader[uuid.UUID, TaskDTO]:
        projects = self._clients.projects
        return _loader(partial(_by_ids, projects.tasks_by_ids, projects.get_task, "Task"))

    @cached_property
    def predecessors(self) -> DataLoader[uuid.UUID, list[DependencyDTO]]:
        """The links into each task of a batch, in one call per 500 tasks (a page of tasks
        asks for all their predecessors at once, whatever the size of the project)."""
        return _loader(partial(_links_into, self._clients.projects))

    # Per-project planning records. There is no batch endpoint for these, so each batch
    # calls the upstream once per distinct project in it (concurrently): bounded by the
    # number of projects on the page, not by the number of entries.

    @cached_property
    def critical_path(self) -> DataLoader[uuid.UUID, CriticalPathDTO]:
        return _loader(partial(_per_project, self._clients.projects.critical_path, None))

    @cached_property
    def baselines(self) -> DataLoader[uuid.UUID, list[BaselineDTO]]:
        return _loader(partial(_per_project, self._clients.projects.list_baselines, None))

    @cached_property
    def risks(self) -> DataLoader[uuid.UUID, list[RiskDTO]]:
        return _loader(partial(_per_project, _first_page(self._clients.projects.list_risks), None))

    @cached_property
    def issues(self) -> DataLoader[uuid.UUID, list[IssueDTO]]:
        return _loader(partial(_per_project, _first_page(self._clients.projects.list_issues), None))

    @cached_property
    def assumptions(self) -> DataLoader[uuid.UUID, list[AssumptionDTO]]:
        return _loader(
            partial(_per_project, _first_page(self._clients.projects.list_assumptions), None)
        )

    @cached_property
    def decisions(self) -> DataLoader[uuid.UUID, list[DecisionDTO]]:
        return _loader(
            partial(_per_project, _first_page(self._clients.projects.list_decisions), None)
        )

    @cached_property
    def change_requests(self) -> DataLoader[uuid.UUID, list[ChangeRequestDTO]]:
        return _loader(
            partial(_per_project, _first_page(self._clients.projects.list_change_requests), None)
        )

    @cached_property
    def standard(self) -> DataLoader[uuid.UUID, StandardDTO]:
        governance = self._clients.governance
        return _loader(
            partial(_by_ids, governance.standards_by_ids, governance.get_standard, "Standard")
        )

    @cached_property
    def portfolio_summary(self) -> DataLoader[uuid.UUID, PortfolioSummaryDTO]:
        return _loader(partial(_summaries, self._clients.reporting))


def build_loaders(clients: Clients) -> Loaders:
    return Loaders(clients)


def _loader(
    load: Callable[[list[K]], Awaitable[Sequence[V | BaseException]]],
) -> DataLoader[K, V]:
    return DataLoader(load_fn=load, max_batch_size=MAX_LIMIT)


async def _by_ids(
    fetch: Callable[[list[uuid.UUID]], Awaitable[list[D]]],
    get_one: Callable[[uuid.UUID], Awaitable[D]],
    kind: str,
    ids: list[uuid.UUID],
) -> list[D | BaseException]:
    if len(ids) == 1:
        # The read by id is the services' cheapest query (no sort, no page); a 404 from it
        # is the same NotFound the batch gives below.
        return [await get_one(ids[0])]
    # Missing and invisible look the same upstream (absent from the batch), and the same here.
    found = {dto.id: dto for dto in await fetch(ids)}
    return [found.get(i) or NotFound(f"{kind} {i} not found.") for i in ids]


async def _tasks(client: ProjectsClient, keys: list[TasksKey]) -> list[PageResult | BaseException]:
    """First pages (by size) come from the batch endpoint, one call per distinct size
    asking for the union of the keys' fields; only keys resuming from an upstream cursor
    need a call each."""
    results: dict[TasksKey, PageResult] = {}
    by_limit: dict[int, list[TasksKey]] = defaultdict(list)
    resumed: list[TasksKey] = []
    for key in keys:
        if key.position.upstream is None:
            by_limit[key.position.limit_for(key.first)].append(key)
        else:
            resumed.append(key)

    async def first_pages(limit: int, group: list[TasksKey]) -> None:
        ids = list(dict.fromkeys(k.project_id for k in group))
        fields = _union_of_fields(group)
        pages = await client.tasks_by_project(ids, limit=limit, fields=fields)
        for key in group:
            page = pages.get(key.project_id)
            results[key] = (page.items, page.next_cursor) if page else ([], None)

    async def resume(key: TasksKey) -> None:
        limit = key.position.limit_for(key.first)
        page = await client.list_tasks(
            key.project_id, limit=limit, cursor=key.position.upstream, fields=key.fields
        )
        results[key] = (page.items, page.next_cursor)

    await asyncio.gather(
        *(first_pages(limit, group) for limit, group in by_limit.items()),
        *(resume(key) for key in resumed),
    )
    return [results[key] for key in keys]


def _union_of_fields(keys: list[TasksKey]) -> frozenset[str] | None:
    """What one call must fetch to answer every key (``None``: some key wants all)."""
    union: set[str] = set()
    for key in keys:
        if key.fields is None:
            return None
        union.update(key.fields)
    return frozenset(union)


async def _portfolio_projects(
    client: ProjectsClient, keys: list[ProjectsKey]
) -> list[ProjectPageResult | BaseException]:
    """First pages come from the batch endpoint, one call per distinct (size, status
    filter); only keys resuming from an upstream cursor need a call each."""
    results: dict[ProjectsKey, ProjectPageResult] = {}
    groups: dict[tuple[int, tuple[ProjectStatus, ...]], list[ProjectsKey]] = defaultdict(list)
    resumed: list[ProjectsKey] = []
    for key in keys:
        if key.position.upstream is None:
            groups[(key.position.limit_for(key.first), key.status)].append(key)
        else:
            resumed.append(key)

    async def first_pages(
        limit: int, status: tuple[ProjectStatus, ...], group: list[ProjectsKey]
    ) -> None:
        pages = await client.projects_by_portfolio(
            [k.portfolio_id for k in group], limit=limit, status=list(status) or None
        )
        for key in group:
            page = pages.get(key.portfolio_id)
            results[key] = (page.items, page.next_cursor) if page else ([], None)

    async def resume(key: ProjectsKey) -> None:
        page = await client.list_projects(
            portfolio_id=key.portfolio_id,
            status=list(key.status) or None,
            limit=key.position.limit_for(key.first),
            cursor=key.position.upstream,
        )
        results[key] = (page.items, page.next_cursor)

    await asyncio.gather(
        *(first_pages(limit, status, group) for (limit, status), group in groups.items()),
        *(resume(key) for key in resumed),
    )
    return [results[key] for key in keys]


async def _summaries(
    client: ReportingClient, ids: list[uuid.UUID]
) -> list[PortfolioSummaryDTO | BaseException]:
    # No batch endpoint: the summary is only a root field, so one id per query in practice.
    answers = await asyncio.gather(
        *(client.portfolio_summary(i) for i in ids), return_exceptions=True
    )
    return list(answers)


def _first_page(
    list_page: Callable[..., Awaitable[Page[V]]],
) -> Callable[[uuid.UUID], Awaitable[list[V]]]:
    async def fetch(project_id: uuid.UUID) -> list[V]:
        return (await list_page(project_id, limit=PLANNING_LIST_LIMIT)).items

    return fetch


async def _per_project(
    fetch: Callable[[uuid.UUID], Awaitable[Any]],
    shape: Callable[[Any], Any] | None,
    ids: list[uuid.UUID],
) -> list[Any]:
    """One upstream read per distinct project in the batch, concurrently; a failure is
    that project's error only."""
    answers = await asyncio.gather(*(fetch(i) for i in ids), return_exceptions=True)
    if shape is None:
        return list(answers)
    return [a if isinstance(a, BaseException) else shape(a) for a in answers]


async def _links_into(
    client: ProjectsClient, task_ids: list[uuid.UUID]
) -> list[list[DependencyDTO]]:
    grouped: dict[uuid.UUID, list[DependencyDTO]] = defaultdict(list)
    for link in await client.dependencies_into(task_ids):
        grouped[link.successor_id].append(link)
    return [grouped.get(task_id, []) for task_id in task_ids]
