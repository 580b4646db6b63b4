"""Field types the reporting API shares across its domains."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


def no_float(value: Any) -> Any:
    # Decimals travel as strings, as money does: a float has already been rounded.
    if isinstance(value, float):
        raise ValueError('send a decimal string, e.g. "0.95"')
    return value


class StrictModel(BaseModel):
    """Request bodies reject unknown fields, so a typo never silently does nothing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
