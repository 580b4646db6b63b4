from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property, partial

from strawberry.dataloader import DataLoader

from services.gateway.batching import (
    LoaderGroup,
    PageResult,
    by_id,
    first_pages_then_resumed,
    loader,
    project_pages,
    rows_of,
)
from services.gateway.connections import PageRequest
from shared.clients.projects import ProjectsClient
from shared.clients.projects.projects import ProjectDTO, ProjectStatus


@dataclass(frozen=True, slots=True)
class ProjectsKey:
    """A page of a portfolio's projects, optionally of some statuses only."""

    portfolio_id: uuid.UUID
    request: PageRequest
    status: tuple[ProjectStatus, ...] = ()


class ProjectLoaders(LoaderGroup):
    members = project_pages(ProjectsClient.members_by_project, ProjectsClient.list_members)

    @cached_property
    def project(self) -> DataLoader[uuid.UUID, ProjectDTO]:
        projects = self.clients.projects
        return by_id(projects.projects_by_ids, projects.get_project, "Project")

    @cached_property
    def by_portfolio(self) -> DataLoader[ProjectsKey, PageResult[ProjectDTO]]:
        return loader(partial(_portfolio_projects, self.clients.projects))


async def _portfolio_projects(
    client: ProjectsClient, keys: list[ProjectsKey]
) -> list[PageResult[ProjectDTO]]:
    """First pages come from the batch endpoint, one call per distinct size and status
    filter."""

    async def first_pages(group: list[ProjectsKey]) -> dict[ProjectsKey, PageResult[ProjectDTO]]:
        limit, status = group[0].request.limit, list(group[0].status) or None
        ids = [k.portfolio_id for k in group]
        pages = await client.projects_by_portfolio(ids, limit=limit, status=status)
        return {key: rows_of(pages.get(key.portfolio_id)) for key in group}

    async def resume(key: ProjectsKey) -> PageResult[ProjectDTO]:
        page = await client.list_projects(
            portfolio_id=key.portfolio_id,
            status=list(key.status) or None,
            limit=key.request.limit,
            cursor=key.request.cursor,
        )
        return rows_of(page)

    return await first_pages_then_resumed(keys, _size_and_status, first_pages, resume)


def _size_and_status(key: ProjectsKey) -> tuple[int, tuple[ProjectStatus, ...]]:
    return key.request.limit, key.status
