"""Programs by id, a portfolio's programs and a program's projects: first pages through
the batch endpoints (one call per page size, whatever the number of parents), pages
resumed from a cursor through the parent's list."""

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
    rows_of,
)
from services.gateway.connections import PageRequest
from shared.clients.projects import ProjectsClient
from shared.clients.projects.programs import ProgramDTO
from shared.clients.projects.projects import ProjectDTO


@dataclass(frozen=True, slots=True)
class ChildrenKey:
    """A page of a parent's rows: a portfolio's programs, or a program's projects."""

    parent_id: uuid.UUID
    request: PageRequest


class ProgramLoaders(LoaderGroup):
    @cached_property
    def program(self) -> DataLoader[uuid.UUID, ProgramDTO]:
        projects = self.clients.projects
        return by_id(projects.programs_by_ids, projects.get_program, "Program")

    @cached_property
    def by_portfolio(self) -> DataLoader[ChildrenKey, PageResult[ProgramDTO]]:
        return loader(partial(_portfolio_programs, self.clients.projects))

    @cached_property
    def projects(self) -> DataLoader[ChildrenKey, PageResult[ProjectDTO]]:
        return loader(partial(_program_projects, self.clients.projects))


def _page_size(key: ChildrenKey) -> int:
    return key.request.limit


async def _portfolio_programs(
    client: ProjectsClient, keys: list[ChildrenKey]
) -> list[PageResult[ProgramDTO]]:
    async def first_pages(group: list[ChildrenKey]) -> dict[ChildrenKey, PageResult[ProgramDTO]]:
        ids = list(dict.fromkeys(k.parent_id for k in group))
        pages = await client.programs_by_portfolio(ids, limit=group[0].request.limit)
        return {key: rows_of(pages.get(key.parent_id)) for key in group}

    async def resume(key: ChildrenKey) -> PageResult[ProgramDTO]:
        page = await client.list_programs(
            portfolio_id=key.parent_id, limit=key.request.limit, cursor=key.request.cursor
        )
        return rows_of(page)

    return await first_pages_then_resumed(keys, _page_size, first_pages, resume)


async def _program_projects(
    client: ProjectsClient, keys: list[ChildrenKey]
) -> list[PageResult[ProjectDTO]]:
    async def first_pages(group: list[ChildrenKey]) -> dict[ChildrenKey, PageResult[ProjectDTO]]:
        ids = list(dict.fromkeys(k.parent_id for k in group))
        pages = await client.projects_by_program(ids, limit=group[0].request.limit)
        return {key: rows_of(pages.get(key.parent_id)) for key in group}

    async def resume(key: ChildrenKey) -> PageResult[ProjectDTO]:
        page = await client.list_projects(
            program_id=key.parent_id, limit=key.request.limit, cursor=key.request.cursor
        )
        return rows_of(page)

    return await first_pages_then_resumed(keys, _page_size, first_pages, resume)
