"""Wire values as the GraphQL types show them: ISO dates for computed datetimes, working
days as floats, money as decimal strings, ids as ``ID``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import overload

import strawberry


def day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@overload
def days(value: Decimal) -> float: ...


@overload
def days(value: Decimal | None) -> float | None: ...


def days(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def money(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def gid(value: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(str(value))


def gids(values: Iterable[uuid.UUID]) -> list[strawberry.ID]:
    return [gid(v) for v in values]
