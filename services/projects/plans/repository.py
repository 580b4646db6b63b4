"""Every SQL statement that writes a new plan: its tasks and links, one statement each
however many there are (an import or a template brings thousands; see bulk_insert)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Dependency, Task
from shared.bulk_insert import insert_rows

TASKS: Table = Task.__table__  # type: ignore[assignment]
DEPENDENCIES: Table = Dependency.__table__  # type: ignore[assignment]


async def insert_tasks_and_links(
    session: AsyncSession, tasks: list[dict[str, Any]], links: list[dict[str, Any]]
) -> None:
    await insert_rows(session, TASKS, tasks)
    await insert_rows(session, DEPENDENCIES, links)
