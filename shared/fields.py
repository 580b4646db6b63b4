"""Wire types whose JSON Schema pydantic would get wrong on its own.

The scheduling columns are PostgreSQL ``timestamp`` (no time zone): a time on the project's
calendar, say 08:00 on the first working day, wherever the reader is. Pydantic documents a
``datetime`` as RFC 3339 ``date-time``, which requires an offset these values do not have,
so a validator that checks formats rejects every one of them. :data:`LocalDateTime` says
what they are instead.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema

LOCAL_DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$"
LOCAL_DATETIME_DESCRIPTION = (
    "Local time in the project's calendar, with no UTC offset (ISO 8601 "
    "`YYYY-MM-DDTHH:MM:SS`): the same wall-clock time for every reader."
)
LOCAL_DATETIME_INPUT_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)
LOCAL_DATETIME_INPUT_DESCRIPTION = (
    "Local time in the project's calendar (`YYYY-MM-DDTHH:MM[:SS]`, or a date for its "
    "midnight). An offset, if given, is ignored: the wall-clock time is kept."
)


def decimal_string(max_digits: int, places: int, *, signed: bool = False) -> WithJsonSchema:
    """How a money amount is documented: a decimal string (floats are refused, since a float
    has already lost cents), rather than the number-or-string pydantic would write."""
    sign = "-?" if signed else ""
    pattern = rf"^{sign}\d{{1,{max_digits - places}}}(\.\d{{1,{places}}})?$"
    description = f'A decimal string with up to {places} decimal places, e.g. "1250.00"'
    return WithJsonSchema(
        {"type": "string", "pattern": pattern, "description": description}, mode="validation"
    )


def decimal_string_answer(max_digits: int, places: int) -> WithJsonSchema:
    """The same decimal string documented on answers, for a constrained Decimal whose
    bounds would otherwise leak into the answer's schema as pydantic-only keywords."""
    schema = decimal_string(max_digits, places).json_schema
    return WithJsonSchema(schema, mode="serialization")


def _local_schema(pattern: str, description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": pattern, "description": description}


def _drop_offset(value: datetime) -> datetime:
    # The column has no time zone: asyncpg refuses an aware value for it, and the
    # wall-clock time is what the scheduler means.
    return value.replace(tzinfo=None)


# Read side: the value as stored (naive), documented as a pattern, not ``date-time``.
LocalDateTime = Annotated[
    datetime, WithJsonSchema(_local_schema(LOCAL_DATETIME_PATTERN, LOCAL_DATETIME_DESCRIPTION))
]

# Write side: accepts what clients send (with or without an offset) and keeps the wall clock.
LocalDateTimeIn = Annotated[
    datetime,
    AfterValidator(_drop_offset),
    WithJsonSchema(
        _local_schema(LOCAL_DATETIME_INPUT_PATTERN, LOCAL_DATETIME_INPUT_DESCRIPTION),
        mode="validation",
    ),
]


# A money amount as the services accept it (the client DTOs send the same).
MoneyIn = Annotated[Decimal, decimal_string(18, 2)]
SignedMoneyIn = Annotated[Decimal, decimal_string(18, 2, signed=True)]
