"""Bulk upsert bodies and results. Items are validated one by one in the service, so a bad
item becomes that item's problem instead of failing the whole request's parsing."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, Field, model_validator

from services.projects.engine import ConstraintType, LinkType
from services.projects.schemas_common import Money, StrictModel
from services.projects.tasks.estimates import DurationDistribution, estimate_errors
from services.projects.tasks.progress import as_instant, finish_before_start

MAX_ITEMS = 1000
DATED_CONSTRAINTS = frozenset(ConstraintType) - {ConstraintType.ASAP, ConstraintType.ALAP}


class BulkMode(StrEnum):
    atomic = "atomic"  # one bad item: nothing is written
    per_item = "per_item"  # good items are written, bad ones reported


class ItemStatus(StrEnum):
    created = "created"
    updated = "updated"
    unchanged = "unchanged"
    error = "error"


class BulkRequest(StrictModel):
    items: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_ITEMS)
    mode: BulkMode = BulkMode.atomic


class _External(StrictModel):
    external_source: str = Field(min_length=1, max_length=64)
    external_id: str = Field(min_length=1, max_length=200)


class TaskItem(_External):
    name: str = Field(min_length=1, max_length=300)
    parent_external_id: str | None = Field(default=None, min_length=1, max_length=200)
    duration_days: Decimal = Field(default=Decimal(0), ge=0, max_digits=10, decimal_places=2)
    percent_complete: Decimal = Field(default=Decimal(0), ge=0, le=100, decimal_places=2)
    milestone: bool | None = None
    constraint_type: ConstraintType = ConstraintType.ASAP
    constraint_date: datetime | None = None
    deadline: date | None = None
    # Progress as on a task (the same rules keep it consistent; see the tasks API).
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    actual_duration_days: Decimal | None = Field(
        default=None, ge=0, max_digits=12, decimal_places=4
    )
    remaining_duration_days: Decimal | None = Field(
        default=None, ge=0, max_digits=12, decimal_places=4
    )
    cost: Money | None = None
    # A three-point estimate (all four or none, ordered) and optional scope, as on a task.
    duration_optimistic_days: Decimal | None = Field(
        default=None, ge=0, max_digits=10, decimal_places=2
    )
    duration_most_likely_days: Decimal | None = Field(
        default=None, ge=0, max_digits=10, decimal_places=2
    )
    duration_pessimistic_days: Decimal | None = Field(
        default=None, ge=0, max_digits=10, decimal_places=2
    )
    duration_distribution: DurationDistribution | None = None
    optional: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        errors = estimate_errors(self.__dict__)
        if errors:
            raise ValueError("; ".join(f"{e.field} {e.message}" for e in errors))
        if self.constraint_type in DATED_CONSTRAINTS and self.constraint_date is None:
            raise ValueError(f"constraint_type {self.constraint_type} needs a constraint_date")
        # Project-local times; a bare date is kept at midnight, as on a task.
        self.constraint_date = as_instant(self.constraint_date)
        self.actual_start = as_instant(self.actual_start)
        self.actual_finish = as_instant(self.actual_finish)
        if finish_before_start(self.actual_start, self.actual_finish):
            raise ValueError("actual_finish must not be before actual_start")
        return self


class DependencyItem(_External):
    """Tasks are named by id or by external id (in ``task_external_source``, by default the
    dependency's own ``external_source``)."""

    predecessor_id: uuid.UUID | None = None
    predecessor_external_id: str | None = Field(default=None, min_length=1, max_length=200)
    successor_id: uuid.UUID | None = None
    successor_external_id: str | None = Field(default=None, min_length=1, max_length=200)
    task_external_source: str | None = Field(default=None, min_length=1, max_length=64)
    type: LinkType = LinkType.FS
    lag_days: Decimal = Field(default=Decimal(0), max_digits=10, decimal_places=2)
    lag_optional: bool = False

    @model_validator(mode="after")
    def _one_reference_each(self) -> Self:
        for end in ("predecessor", "successor"):
            given = [getattr(self, f"{end}_id"), getattr(self, f"{end}_external_id")]
            if sum(v is not None for v in given) != 1:
                raise ValueError(f"give exactly one of {end}_id and {end}_external_id")
        return self


class ItemResult(BaseModel):
    index: int
    external_id: str | None
    status: ItemStatus
    id: uuid.UUID | None = None
    problem: dict[str, Any] | None = None


class BulkResult(BaseModel):
    items: list[ItemResult]
    counts: dict[ItemStatus, int]
