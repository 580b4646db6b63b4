"""Typed clients of the services' REST APIs and the DTOs of their wire formats.

One module per upstream (``projects``, ``governance``, ``reporting``); each client subclasses
:class:`TypedClient`, which adds model parsing on top of :class:`shared.http.ServiceClient`.
The gateway, the reporting service and ``pmo seed`` all use them, so they stay general:
one method per endpoint, no caller-specific shaping.

DTOs are tolerant readers (unknown fields are ignored) so a service can add a field without
breaking its callers; input DTOs send only the fields that were set, which is what PATCH
needs to tell "leave alone" from "clear".
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict

from shared.concurrency import etag_for
from shared.http import ServiceClient
from shared.pagination import MAX_LIMIT

M = TypeVar("M", bound=BaseModel)

HEALTH_TIMEOUT_SECONDS = 2.0


class WireModel(BaseModel):
    """Base of response DTOs: ignore fields we do not know yet (tolerant reader)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class InputModel(BaseModel):
    """Base of request DTOs: only the fields a caller set are sent."""

    model_config = ConfigDict(extra="forbid")

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)


def join_ids(ids: Iterable[uuid.UUID | str]) -> str:
    return ",".join(str(i) for i in ids)


def chunks(ids: list[uuid.UUID], size: int = MAX_LIMIT) -> list[list[uuid.UUID]]:
    """Batch reads accept at most ``MAX_LIMIT`` ids per call."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


class TypedClient(ServiceClient):
    """Adds JSON-to-model parsing (straight from bytes, one pass) and a health probe;
    retries and problem mapping are the base class's."""

    async def get_model(
        self, path: str, model: type[M], params: Mapping[str, Any] | None = None
    ) -> M:
        response = await self.request("GET", path, params=params)
        return model.model_validate_json(response.content)

    async def send_model(
        self,
        method: str,
        path: str,
        body: InputModel | None,
        model: type[M],
        *,
        idempotency_key: str | None = None,
        expected_version: int | None = None,
    ) -> M:
        headers: dict[str, str] = {}
        if idempotency_key:
            headers["idempotency-key"] = idempotency_key
        if expected_version is not None:
            headers["if-match"] = etag_for(expected_version)
        response = await self.request(
            method, path, json=body.wire() if body is not None else None, headers=headers
        )
        return model.model_validate_json(response.content)

    async def send_no_content(
        self, method: str, path: str, *, expected_version: int | None = None
    ) -> None:
        headers = {"if-match": etag_for(expected_version)} if expected_version is not None else {}
        await self.request(method, path, headers=headers)

    async def healthy(self) -> bool:
        """``/healthz`` answers 200 within a short deadline (readiness probes must be quick)."""
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                response = await self._http.request("GET", "/healthz")
        except (TimeoutError, httpx.HTTPError):
            return False
        return response.status_code == 200


__all__ = ["InputModel", "TypedClient", "WireModel", "chunks", "join_ids"]
