"""The lifecycle every versioned document kind shares: a draft is edited, publishing
freezes it and retires the key's previously published revision, a published revision can
be retired, and a new draft revision copies any revision (one draft per key at a time).

The domains keep what differs: their authors, content checks and how a revision is
copied; these helpers keep the statuses, messages and locking the same for all three."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models.base import Base
from services.governance.versioning.store import VersionedRepository
from shared.concurrency import check_version
from shared.errors import Conflict, InvalidTransition, NotFound
from shared.reads import Reader

DRAFT, PUBLISHED, RETIRED = "draft", "published", "retired"

# A revision (Standard, Lifecycle, Template): id, key, revision, status, version,
# published_at, retired_at; read through ``Any`` below, the models share no base for them.
D = TypeVar("D", bound=Base)


async def get_row(
    reader: Reader, repo: VersionedRepository[Any], document_id: uuid.UUID
) -> dict[str, Any]:
    row = await repo.get(reader, document_id)
    if row is None:
        raise NotFound(f"{repo.noun.capitalize()} {document_id} not found.")
    return row


async def ensure_new_key(session: AsyncSession, repo: VersionedRepository[Any], key: str) -> None:
    if await repo.key_exists(session, key):
        raise Conflict(
            f"A {repo.noun} with key {key!r} exists; start a new revision of it instead."
        )


async def load_for_change(
    session: AsyncSession,
    repo: VersionedRepository[D],
    document_id: uuid.UUID,
    expected_versions: list[int] | None,
    *,
    for_update: bool = True,
) -> D:
    document: Any = await repo.load(session, document_id, for_update=for_update)
    if document is None:
        raise NotFound(f"{repo.noun.capitalize()} {document_id} not found.")
    check_version(document.version, expected_versions)
    return document


def ensure_editable(document: Any, subject: str | None = None) -> None:
    """Only a draft changes; ``subject`` names the revision in the message."""
    if document.status != DRAFT:
        raise Conflict(
            f"{subject or f'Revision {document.revision}'} is {document.status} and frozen; "
            "start a new revision to change it."
        )


def ensure_status(document: Any, noun: str, required: str, target: str) -> None:
    if document.status != required:
        raise InvalidTransition(
            f"Only a {required} {noun} can become {target}; this one is {document.status}.",
            extra={"from": document.status, "to": target},
        )


async def publish(
    session: AsyncSession,
    repo: VersionedRepository[D],
    document_id: uuid.UUID,
    expected_versions: list[int] | None,
    *,
    check: Callable[[AsyncSession, D], Awaitable[None]] | None = None,
) -> D:
    """Publishes a draft (after ``check``, the domain's own conditions) and retires the
    revision of the key published before it."""
    document: Any = await load_for_change(session, repo, document_id, expected_versions)
    ensure_status(document, repo.noun, DRAFT, PUBLISHED)
    if check is not None:
        await check(session, document)
    now = datetime.now(UTC)
    replaced: list[Any] = await repo.published_of_key(session, document.key)
    for previous in replaced:
        previous.status, previous.retired_at = RETIRED, now
    document.status, document.published_at = PUBLISHED, now
    await session.flush()
    return document


async def retire(
    session: AsyncSession,
    repo: VersionedRepository[D],
    document_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> D:
    document: Any = await load_for_change(session, repo, document_id, expected_versions)
    ensure_status(document, repo.noun, PUBLISHED, RETIRED)
    document.status, document.retired_at = RETIRED, datetime.now(UTC)
    await session.flush()
    return document


async def ensure_no_draft(session: AsyncSession, repo: VersionedRepository[Any], key: str) -> None:
    if await repo.has_draft(session, key):
        raise Conflict(
            f"{repo.noun.capitalize()} {key!r} already has a draft revision; edit that one."
        )


async def next_revision_number(
    session: AsyncSession, repo: VersionedRepository[Any], key: str
) -> int:
    return await repo.latest_revision(session, key) + 1


async def revision_source(
    session: AsyncSession, repo: VersionedRepository[D], document_id: uuid.UUID
) -> tuple[D, int]:
    """The revision a new draft copies (locked) and the new draft's revision number; a key
    with a draft already gets no second one."""
    source: Any = await load_for_change(session, repo, document_id, None)
    await ensure_no_draft(session, repo, source.key)
    return source, await next_revision_number(session, repo, source.key)
