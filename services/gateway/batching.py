"""The DataLoader kinds the domains' loaders are made of. Every relation the schema resolves
goes through one, so N sibling lookups become one upstream call (one per distinct page size
for first pages; one per page resumed from a cursor) and a query's upstream calls are
bounded by its depth, not by the size of its lists.

Built per request and never shared: their cache holds what one caller, with one token, may
see.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Generic, Protocol, Self, TypeVar, overload

from strawberry.dataloader import DataLoader

from services.gateway.clients import Clients
from services.gateway.connections import PageRequest
from shared.clients.projects import ProjectsClient
from shared.errors import NotFound
from shared.pagination import MAX_LIMIT, Page

K = TypeVar("K")
T = TypeVar("T")
P = TypeVar("P", bound="Paged")
V = TypeVar("V")
D = TypeVar("D")
D_co = TypeVar("D_co", covariant=True)

# The rows of one upstream page and the cursor that continues it.
PageResult = tuple[Sequence[D], str | None]


def loader(load: Callable[[list[K]], Awaitable[Sequence[V | BaseException]]]) -> DataLoader[K, V]:
    return DataLoader(load_fn=load, max_batch_size=MAX_LIMIT)


class Identified(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


Row = TypeVar("Row", bound=Identified)


def by_id(
    fetch: Callable[[list[uuid.UUID]], Awaitable[list[Row]]],
    get_one: Callable[[uuid.UUID], Awaitable[Row]],
    kind: str,
) -> DataLoader[uuid.UUID, Row]:
    """Rows by id through a batch read (``?ids=``); a batch of one reads by id."""
    return loader(partial(_by_ids, fetch, get_one, kind))


async def _by_ids(
    fetch: Callable[[list[uuid.UUID]], Awaitable[list[Row]]],
    get_one: Callable[[uuid.UUID], Awaitable[Row]],
    kind: str,
    ids: list[uuid.UUID],
) -> list[Row | BaseException]:
    if len(ids) == 1:
        # The read by id is the services' cheapest query (no sort, no page); a 404 from it
        # is the same NotFound the batch gives below.
        return [await get_one(ids[0])]
    # Missing and invisible look the same upstream (absent from the batch), and the same here.
    found = {dto.id: dto for dto in await fetch(ids)}
    return [found.get(i) or NotFound(f"{kind} {i} not found.") for i in ids]


def each(fetch: Callable[[K], Awaitable[V]]) -> DataLoader[K, V]:
    """For reads with no batch endpoint: one upstream read per distinct key of a batch,
    concurrently; a failure is that key's error only."""
    return loader(partial(_each, fetch))


async def _each(fetch: Callable[[K], Awaitable[V]], keys: list[K]) -> list[V | BaseException]:
    return list(await asyncio.gather(*(fetch(key) for key in keys), return_exceptions=True))


@dataclass(frozen=True, slots=True)
class PageKey:
    """A page of one project's list: ``request.first`` rows after ``request.position``."""

    project_id: uuid.UUID
    request: PageRequest


class ListOfProject(Protocol[D]):
    """A client method listing a project's rows a page at a time (``ProjectsClient.list_x``)."""

    def __call__(
        self,
        client: ProjectsClient,
        project_id: uuid.UUID,
        /,
        *,
        limit: int | None = ...,
        cursor: str | None = ...,
    ) -> Awaitable[Page[D]]: ...


class FirstPagesOfProjects(Protocol[D_co]):
    """A client method reading many projects' first pages in one call
    (``ProjectsClient.x_by_project``): project id -> its page."""

    def __call__(
        self, client: ProjectsClient, project_ids: list[uuid.UUID], /, *, limit: int
    ) -> Awaitable[Mapping[uuid.UUID, PageLike[D_co]]]: ...


class LoaderGroup:
    """Per-request loaders (a domain's, or all of them): attributes built on first use,
    from this request's clients."""

    def __init__(self, clients: Clients) -> None:
        self.clients = clients


class PerRequest(Generic[T]):
    """An attribute of a :class:`LoaderGroup`, built from the request's clients on first use
    and kept for the rest of the request (like ``cached_property``)."""

    def __init__(self, build: Callable[[Clients], T]) -> None:
        self._build = build
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, group: None, owner: type) -> Self: ...

    @overload
    def __get__(self, group: LoaderGroup, owner: type) -> T: ...

    def __get__(self, group: LoaderGroup | None, owner: type) -> Self | T:
        if group is None:
            return self
        value = self._build(group.clients)
        group.__dict__[self._name] = value
        return value


def project_pages(
    first_pages: FirstPagesOfProjects[D], list_page: ListOfProject[D]
) -> PerRequest[DataLoader[PageKey, PageResult[D]]]:
    """The DataLoader of one per-project list of the projects service, keyed by
    :class:`PageKey`: first pages come from its batch endpoint (``first_pages``), one call
    per distinct page size whatever the number of projects; a page resumed from an upstream
    cursor is read from the project's list (``list_page``)."""
    return PerRequest(
        lambda clients: loader(partial(_project_pages, first_pages, list_page, clients.projects))
    )


async def _project_pages(
    first_pages: FirstPagesOfProjects[D],
    list_page: ListOfProject[D],
    client: ProjectsClient,
    keys: list[PageKey],
) -> list[PageResult[D]]:
    async def batch(group: list[PageKey]) -> dict[PageKey, PageResult[D]]:
        ids = list(dict.fromkeys(key.project_id for key in group))
        pages = await first_pages(client, ids, limit=group[0].request.limit)
        return {key: rows_of(pages.get(key.project_id)) for key in group}

    return await first_pages_then_resumed(
        keys, _page_size, batch, partial(_page, list_page, client)
    )


def _page_size(key: PageKey) -> int:
    return key.request.limit


async def _page(list_page: ListOfProject[D], client: ProjectsClient, key: PageKey) -> PageResult[D]:
    request = key.request
    page = await list_page(client, key.project_id, limit=request.limit, cursor=request.cursor)
    return rows_of(page)


class PageLike(Protocol[D_co]):
    """An upstream page: ``{items, next_cursor}``."""

    @property
    def items(self) -> Sequence[D_co]: ...

    @property
    def next_cursor(self) -> str | None: ...


def rows_of(page: PageLike[D] | None) -> PageResult[D]:
    """A page's rows and continuation (an absent page: none)."""
    return (page.items, page.next_cursor) if page is not None else ([], None)


class Paged(Protocol):
    """A key for a page of some parent's rows."""

    @property
    def request(self) -> PageRequest: ...


class FirstPages(Protocol[P, V]):
    """Reads the first pages of a group of keys in one call to a batch endpoint."""

    def __call__(self, group: list[P], /) -> Awaitable[dict[P, V]]: ...


async def first_pages_then_resumed(
    keys: list[P],
    group_of: Callable[[P], Hashable],
    first_pages: FirstPages[P, V],
    resume: Callable[[P], Awaitable[V]],
) -> list[V]:
    """Keys on a first page are answered by a batch endpoint, one call per group (the keys
    the same call can answer: same size, same filters); keys resuming from an upstream
    cursor need a call each. All calls run concurrently."""
    groups: dict[Hashable, list[P]] = defaultdict(list)
    resumed: list[P] = []
    for key in keys:
        if key.request.cursor is None:
            groups[group_of(key)].append(key)
        else:
            resumed.append(key)
    results: dict[P, V] = {}

    async def batch(group: list[P]) -> None:
        results.update(await first_pages(group))

    async def one(key: P) -> None:
        results[key] = await resume(key)

    await asyncio.gather(*(batch(g) for g in groups.values()), *(one(k) for k in resumed))
    return [results[key] for key in keys]
