"""jsonb columns on the read path."""

from __future__ import annotations

from typing import Any

import orjson


def decoded(row: dict[str, Any], *columns: str) -> dict[str, Any]:
    """The row with its jsonb columns parsed: the read pool returns jsonb as text."""
    for column in columns:
        if isinstance(row[column], str):
            row[column] = orjson.loads(row[column])
    return row
