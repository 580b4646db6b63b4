"""SQL fragments that limit rows to what the caller may see; every repository that lists
projects or their records filters with these."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, String, Uuid, and_, any_, bindparam, func, select

from services.projects.models import Project, ProjectMember
from shared.auth import Principal
from shared.reads import Query, Reader
from shared.repository import SortSpec, first_pages_of, first_pages_query


def live_projects() -> ColumnElement[bool]:
    """Projects that are not archived: an archived project is absent from every list, roll-up
    and batch read (admins and PMO staff list them with ``GET /v1/projects?archived=true``)."""
    return Project.archived_at.is_(None)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Whose projects a filtered read shows, for a caller who does not read them all: a
    user's (``subject``: the projects they are a member of) or a service token's (never a
    member: ``reach``, the projects within its limits, its portfolios' already resolved).
    A service token's ``subject`` is None: a membership row naming its subject (anyone may
    add any user id to a project) must not widen its lists beyond its limits."""

    subject: str | None
    reach: frozenset[uuid.UUID] = frozenset()

    def params(self) -> dict[str, Any]:
        """The ``:subject`` and ``:reach`` of a statement filtered by
        :func:`visible_projects` (False)."""
        return {"subject": self.subject, "reach": sorted(self.reach)}


def viewer_of(principal: Principal) -> Viewer | None:
    """The caller as a :class:`Viewer`; None for one who reads every project."""
    if principal.can_read_all:
        return None
    if principal.is_integration:
        return Viewer(None, principal.project_ids or frozenset())
    return Viewer(principal.subject)


# A user's filtered reads leave :reach out (its default: none); only a service token's
# Viewer fills it, so no user's list grows by it.
_REACH = bindparam("reach", value=[], type_=ARRAY(Uuid))


def visible_projects(read_all: bool) -> ColumnElement[bool]:
    """A WHERE clause limiting ``projects`` to the live ones the caller may read; binds
    ``:subject`` and ``:reach`` (:meth:`Viewer.params`) unless the caller reads everything.
    One IN over a UNION ALL (not an OR of two conditions) keeps the semi-join plan."""
    if read_all:
        return live_projects()
    member_of = select(ProjectMember.project_id).where(
        ProjectMember.user_id == bindparam("subject", type_=String)
    )
    within_limits = select(func.unnest(_REACH))
    return and_(live_projects(), Project.id.in_(member_of.union_all(within_limits)))


def in_visible_projects(
    project_column: ColumnElement[Any], read_all: bool
) -> tuple[ColumnElement[bool], ...]:
    """WHERE clauses of a batch read: rows of the projects in ``:project_ids`` that the
    caller may read (binds ``:subject`` unless the caller reads everything)."""
    return (
        project_column == any_(bindparam("project_ids", type_=ARRAY(Uuid))),
        project_column.in_(select(Project.id).where(visible_projects(read_all))),
    )


def batch_params(viewer: Viewer | None, project_ids: list[uuid.UUID]) -> dict[str, Any]:
    """The parameters of a statement filtered by :func:`in_visible_projects` (``viewer``
    None: the caller reads every project)."""
    params: dict[str, Any] = {"project_ids": project_ids}
    if viewer is not None:
        params.update(viewer.params())
    return params


class ProjectFirstPages:
    """One per-project list's batched first pages: the first ``limit`` rows of each project
    the caller may see among those asked for, in one query, in the list's sort; each page's
    cursor continues it in the project's own list endpoint."""

    def __init__(
        self,
        columns: Sequence[ColumnElement[Any]],
        project_column: ColumnElement[Any],
        sort: SortSpec,
        id_column: ColumnElement[Any],
    ) -> None:
        self.sort = sort
        self._queries = {
            read_all: Query(
                first_pages_query(
                    columns,
                    project_column,
                    sort,
                    id_column,
                    *in_visible_projects(project_column, read_all),
                )
            )
            for read_all in (True, False)
        }

    async def read(
        self, reader: Reader, viewer: Viewer | None, project_ids: list[uuid.UUID], limit: int
    ) -> dict[uuid.UUID, dict[str, Any]]:
        """Project id -> ``{items, next_cursor}``; projects with no visible rows are absent."""
        params = {**batch_params(viewer, project_ids), "limit": limit + 1}
        rows = await reader.all(self._queries[viewer is None], **params)
        return first_pages_of(rows, "project_id", limit, self.sort)


def my_role_column() -> Any:
    """The caller's (``:subject``) project role as a scalar subquery, so one SELECT loads
    both the row and the right to see it."""
    return (
        select(ProjectMember.role)
        .where(
            ProjectMember.project_id == Project.id,
            ProjectMember.user_id == bindparam("subject", type_=String),
        )
        .scalar_subquery()
        .label("my_role")
    )
