"""Lifecycles on the wire: the document a revision holds (phases and the gates between
them) and the assignment of a revision to a project."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from services.governance.rules.base import Severity
from shared.clients.projects.projects import ProjectStatus

Key = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")]


class LifecycleStatus(StrEnum):
    draft = "draft"
    published = "published"
    retired = "retired"


class ApproverRole(StrEnum):
    """Who may decide at a gate. ``admin``, ``pmo`` and ``executive`` are global roles (the
    token's); ``manager`` is a project member with the manager role and ``sponsor`` the user
    named in the project's ``sponsor`` field (projects have no sponsor member role)."""

    admin = "admin"
    pmo = "pmo"
    executive = "executive"
    manager = "manager"
    sponsor = "sponsor"


GLOBAL_APPROVER_ROLES = frozenset({ApproverRole.admin, ApproverRole.pmo, ApproverRole.executive})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Phase(_Strict):
    key: Key
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    # The status the project takes on entering the phase (e.g. ``approved``, ``active``).
    project_status: ProjectStatus | None = None


class GateRule(_Strict):
    """A rule checked automatically at the gate: a registered kind with its parameters."""

    kind: str = Field(min_length=1, max_length=80)
    params: dict[str, Any] = Field(default_factory=dict)
    severity: Severity = Severity.major


class ChecklistItem(_Strict):
    key: Key
    text: str = Field(min_length=1, max_length=2000)
    required: bool = True


class Gate(_Strict):
    """The gate between two consecutive phases: entering ``to_phase`` from ``from_phase``."""

    from_phase: Key
    to_phase: Key
    name: str = Field(default="", max_length=200)
    rules: list[GateRule] = Field(default_factory=list, max_length=100)
    checklist: list[ChecklistItem] = Field(default_factory=list, max_length=100)
    approver_roles: list[ApproverRole] = Field(min_length=1, max_length=len(ApproverRole))


class LifecycleCreate(_Strict):
    key: Key
    name: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=50_000)
    phases: list[Phase] = Field(min_length=2, max_length=50)
    gates: list[Gate] = Field(max_length=49)


class LifecycleUpdate(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=50_000)
    phases: list[Phase] | None = Field(default=None, min_length=2, max_length=50)
    gates: list[Gate] | None = Field(default=None, max_length=49)


class LifecycleRead(BaseModel):
    id: uuid.UUID
    key: str
    revision: int
    name: str
    description: str
    status: LifecycleStatus
    phases: list[Phase]
    gates: list[Gate]
    published_at: datetime | None
    retired_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class LifecycleAssign(_Strict):
    lifecycle_id: uuid.UUID


class ProjectLifecycleRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    lifecycle_id: uuid.UUID
    assigned_at: datetime
    assigned_by: str
    created_at: datetime
    updated_at: datetime
    version: int
