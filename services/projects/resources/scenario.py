"""A what-if on the resource pool: people added to a role, resources taken out, time off
changed. Capacity, levelling and costing each apply it to what they load, so a preview is
computed by the same code as the real answer and nothing is written.

Pure data, no I/O."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class HypotheticalPerson:
    """A person who does not exist yet, joining ``role_name``'s pool. ``key`` stands for the
    person's id in answers (e.g. ``"new-1"``); with no calendar the pool's default applies."""

    key: str
    role_name: str
    max_units: Decimal = Decimal("1.00")
    calendar_id: uuid.UUID | None = None
    rate_per_hour: Decimal | None = None


@dataclass(frozen=True)
class TimeOffChange:
    """Days (both ends included) a resource is away (``away=True``) or works after all."""

    resource_id: uuid.UUID
    from_date: date
    to_date: date
    away: bool = True


@dataclass(frozen=True)
class ResourceScenario:
    """``removed`` resources leave the pool: their capacity is zero from the first day, and a
    removed person's assignments become demand on the person's role (unstaffed if none)."""

    added: tuple[HypotheticalPerson, ...] = ()
    removed: frozenset[uuid.UUID] = frozenset()
    time_off: tuple[TimeOffChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.time_off)
