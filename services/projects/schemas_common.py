"""Field types the projects API shares across its domains."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from shared.fields import decimal_string


def _no_float(value: Any) -> Any:
    # Money travels as a decimal string; a float has already lost cents.
    if isinstance(value, float):
        raise ValueError('send money as a decimal string, e.g. "1250.00"')
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(ge=0, max_digits=18, decimal_places=2),
    decimal_string(18, 2),
]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]


class StrictModel(BaseModel):
    """Request bodies reject unknown fields, so a typo never silently does nothing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
