from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, each, project_pages
from shared.clients import ProjectPageDTO
from shared.clients.projects import ProjectsClient
from shared.clients.projects.planning import BaselineDTO, CriticalPathDTO
from shared.pagination import Page


async def _all_baselines(
    client: ProjectsClient,
    project_id: uuid.UUID,
    /,
    *,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[BaselineDTO]:
    """A project has at most eleven baselines, read at once: its connection pages them here
    (the upstream list has no cursor)."""
    return Page(items=await client.list_baselines(project_id))


async def _baselines_of(
    client: ProjectsClient, project_ids: list[uuid.UUID], /, *, limit: int
) -> dict[uuid.UUID, ProjectPageDTO[BaselineDTO]]:
    """Every baseline of each project at once, whatever the page size (eleven at most)."""
    return await client.baselines_by_project(project_ids)


class PlanningLoaders(LoaderGroup):
    baselines = project_pages(_baselines_of, _all_baselines)

    @cached_property
    def critical_path(self) -> DataLoader[uuid.UUID, CriticalPathDTO]:
        return each(self.clients.projects.critical_path)
