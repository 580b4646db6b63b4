"""SQL fragments that limit rows to what the caller may see; every repository that lists
projects or their records filters with these."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, bindparam, select, true

from services.projects.models import Project, ProjectMember


def visible_projects(read_all: bool) -> ColumnElement[bool]:
    """A WHERE clause limiting ``projects`` to what the caller may read; binds ``:subject``
    unless the caller reads everything."""
    if read_all:
        return true()
    member_of = select(ProjectMember.project_id).where(
        ProjectMember.user_id == bindparam("subject", type_=String)
    )
    return Project.id.in_(member_of)


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
