"""Typed clients of the services' REST APIs and the DTOs of their wire formats.

One module per upstream (``projects`` is a package, one module per domain); each client
subclasses :class:`TypedClient`. Every call goes through an :class:`Operation`: the
service's ``operationId`` with the DTOs of the request and response bodies, which is what
the contract test compares with the service's OpenAPI document. The gateway, the reporting
service and the tests use these clients, so they stay general: one method per endpoint,
no caller-specific shaping.

Response DTOs are tolerant readers (unknown fields are ignored) so a service can add a field
without breaking its callers, and the contract test says so before a release; input DTOs
send only the fields that were set, which is what PATCH needs to tell "leave alone" from
"clear".
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict

from shared.concurrency import etag_for
from shared.http import ServiceClient, UpstreamResponse
from shared.pagination import MAX_LIMIT, Page

M = TypeVar("M", bound=BaseModel)

HEALTH_TIMEOUT_SECONDS = 2.0


class WireModel(BaseModel):
    """Base of response DTOs: ignore fields we do not know yet (tolerant reader)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    # Fields of the service's schema this reader leaves out on purpose: name -> why. The
    # contract test fails on any other field the service sends and the DTO does not read.
    ignored_fields: ClassVar[Mapping[str, str]] = {}


class InputModel(BaseModel):
    """Base of request DTOs: only the fields a caller set are sent."""

    model_config = ConfigDict(extra="forbid")

    # Fields the service accepts that this client never sends: name -> why.
    ignored_fields: ClassVar[Mapping[str, str]] = {}

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)


@dataclass(frozen=True, slots=True)
class Operation(Generic[M]):
    """One endpoint as a client calls it: the service's ``operationId``, method and path
    template, and the DTOs of the bodies (``response`` None: the answer has no body).
    ``sparse``: the response holds only the fields asked for (``?fields=``)."""

    id: str
    method: str
    path: str
    response: type[M] | None
    body: type[InputModel] | None = None
    sparse: bool = False

    def url(self, path: Mapping[str, object] | None = None) -> str:
        return self.path.format_map(path) if path else self.path


class ProjectPageDTO(WireModel, Generic[M]):
    """One project's first page in a batch read; ``next_cursor`` continues it in the
    project's own list."""

    project_id: uuid.UUID
    items: list[M]
    next_cursor: str | None = None


class PagesByProjectDTO(WireModel, Generic[M]):
    items: list[ProjectPageDTO[M]]


def join_ids(ids: Iterable[uuid.UUID | str]) -> str:
    return ",".join(str(i) for i in ids)


def chunks(ids: list[uuid.UUID], size: int = MAX_LIMIT) -> list[list[uuid.UUID]]:
    """Batch reads accept at most ``MAX_LIMIT`` ids per call."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def page_params(limit: int | None, cursor: str | None, **filters: Any) -> dict[str, Any]:
    """Query parameters of a list call: the filters given (None: not sent) and the page."""
    params = {k: v for k, v in filters.items() if v is not None}
    if limit is not None:
        params["limit"] = limit
    if cursor:
        params["cursor"] = cursor
    return params


class TypedClient(ServiceClient):
    """Calls :class:`Operation` s and parses their answers into DTOs (straight from bytes,
    one pass), plus a health probe; retries and problem mapping are the base class's."""

    async def fetch(
        self,
        op: Operation[M],
        *,
        path: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> M:
        return _parse(op, await self.request(op.method, op.url(path), params=params))

    async def send(
        self,
        op: Operation[M],
        body: InputModel | None = None,
        *,
        path: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        expected_version: int | None = None,
    ) -> M:
        response = await self._send(op, body, path, params, idempotency_key, expected_version)
        return _parse(op, response)

    async def send_no_content(
        self,
        op: Operation[Any],
        *,
        path: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        expected_version: int | None = None,
    ) -> None:
        await self._send(op, None, path, params, None, expected_version)

    async def fetch_in_batches(
        self, op: Operation[Page[M]], key: str, ids: list[uuid.UUID], *, sized: bool = True
    ) -> list[M]:
        """A batch read (``?<key>=a,b,c``) of any number of ids, one call per ``MAX_LIMIT``;
        ``sized``: ask for as many rows as ids (the endpoint pages its answer)."""
        found: list[M] = []
        for batch in chunks(ids):
            params: dict[str, Any] = {key: join_ids(batch)}
            if sized:
                params["limit"] = len(batch)
            found.extend((await self.fetch(op, params=params)).items)
        return found

    async def fetch_by_project(
        self,
        op: Operation[PagesByProjectDTO[M]],
        project_ids: list[uuid.UUID],
        *,
        limit: int | None = None,
    ) -> dict[uuid.UUID, ProjectPageDTO[M]]:
        """A batch read of many projects' first pages (``?project_ids=&limit=``), one call
        per ``MAX_LIMIT`` projects: project id -> its page (empty for projects the caller
        may not see)."""
        pages: dict[uuid.UUID, ProjectPageDTO[M]] = {}
        for batch in chunks(project_ids):
            answer = await self.fetch(
                op, params=page_params(limit, None, project_ids=join_ids(batch))
            )
            pages.update((page.project_id, page) for page in answer.items)
        return pages

    async def _send(
        self,
        op: Operation[Any],
        body: InputModel | None,
        path: Mapping[str, object] | None,
        params: Mapping[str, Any] | None,
        idempotency_key: str | None,
        expected_version: int | None,
    ) -> UpstreamResponse:
        headers: dict[str, str] = {}
        if idempotency_key:
            headers["idempotency-key"] = idempotency_key
        if expected_version is not None:
            headers["if-match"] = etag_for(expected_version)
        json = body.wire() if body is not None else None
        return await self.request(
            op.method, op.url(path), params=params, json=json, headers=headers
        )

    async def healthy(self) -> bool:
        """``/healthz`` answers 200 within a short deadline (readiness probes must be quick)."""
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                response = await self._http.request("GET", "/healthz")
        except (TimeoutError, httpx.HTTPError):
            return False
        return response.status_code == 200


def _parse(op: Operation[M], response: UpstreamResponse) -> M:
    if op.response is None:
        raise TypeError(f"{op.id} answers no body: call it with send_no_content")
    return op.response.model_validate_json(response.content)


__all__ = [
    "InputModel",
    "Operation",
    "PagesByProjectDTO",
    "ProjectPageDTO",
    "TypedClient",
    "WireModel",
    "chunks",
    "join_ids",
    "page_params",
]
