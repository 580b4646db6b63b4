from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, partial

from strawberry.dataloader import DataLoader

from services.gateway.batching import (
    LoaderGroup,
    by_id,
    first_pages_then_resumed,
    loader,
    rows_of,
)
from services.gateway.connections import PageRequest
from shared.clients.projects import ProjectsClient
from shared.clients.projects.planning import DependencyDTO
from shared.clients.projects.tasks import TaskDTO, TaskFieldsDTO

# A sparse task read (``TasksKey.fields``) answers TaskFieldsDTOs.
TaskPage = tuple[Sequence[TaskDTO | TaskFieldsDTO], str | None]


@dataclass(frozen=True, slots=True)
class TasksKey:
    """A page of a project's tasks. ``fields``: the task fields the query needs (the keys
    come anyway); ``None``: all."""

    project_id: uuid.UUID
    request: PageRequest
    fields: frozenset[str] | None = None


class TaskLoaders(LoaderGroup):
    @cached_property
    def task(self) -> DataLoader[uuid.UUID, TaskDTO]:
        projects = self.clients.projects
        return by_id(projects.tasks_by_ids, projects.get_task, "Task")

    @cached_property
    def pages(self) -> DataLoader[TasksKey, TaskPage]:
        return loader(partial(_task_pages, self.clients.projects))

    @cached_property
    def predecessors(self) -> DataLoader[uuid.UUID, list[DependencyDTO]]:
        """The links into each task of a batch, in one call per 500 tasks (a page of tasks
        asks for all their predecessors at once, whatever the size of the project)."""
        return loader(partial(_links_into, self.clients.projects))


async def _task_pages(client: ProjectsClient, keys: list[TasksKey]) -> list[TaskPage]:
    """First pages come from the batch endpoint, one call per distinct size asking for the
    union of the keys' fields."""

    async def first_pages(group: list[TasksKey]) -> dict[TasksKey, TaskPage]:
        ids = list(dict.fromkeys(k.project_id for k in group))
        limit, fields = group[0].request.limit, _union_of_fields(group)
        pages = await client.tasks_by_project(ids, limit=limit, fields=fields)
        return {key: rows_of(pages.get(key.project_id)) for key in group}

    async def resume(key: TasksKey) -> TaskPage:
        request = key.request
        page = await client.list_tasks(
            key.project_id, limit=request.limit, cursor=request.cursor, fields=key.fields
        )
        return rows_of(page)

    return await first_pages_then_resumed(keys, _limit, first_pages, resume)


def _limit(key: TasksKey) -> int:
    return key.request.limit


def _union_of_fields(keys: list[TasksKey]) -> frozenset[str] | None:
    """What one call must fetch to answer every key (``None``: some key wants all)."""
    union: set[str] = set()
    for key in keys:
        if key.fields is None:
            return None
        union.update(key.fields)
    return frozenset(union)


async def _links_into(
    client: ProjectsClient, task_ids: list[uuid.UUID]
) -> list[list[DependencyDTO]]:
    grouped: dict[uuid.UUID, list[DependencyDTO]] = defaultdict(list)
    for link in await client.dependencies_into(task_ids):
        grouped[link.successor_id].append(link)
    return [grouped.get(task_id, []) for task_id in task_ids]
