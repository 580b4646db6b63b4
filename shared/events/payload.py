"""The public form of an event: the body of a webhook and an item of the change feed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from typing import Any


def event_payload(row: Mapping[str, Any], service: str) -> dict[str, Any]:
    """``row``: an ``outbox_events`` row (mapping of its columns)."""
    project_id = row["project_id"]
    portfolio_id = row["portfolio_id"]
    return {
        "id": str(row["id"]),
        "type": row["type"],
        "service": service,
        "occurred_at": row["occurred_at"].astimezone(UTC).isoformat(),
        "entity": {"type": row["entity_type"], "id": str(row["entity_id"])},
        "project_id": str(project_id) if project_id else None,
        "portfolio_id": str(portfolio_id) if portfolio_id else None,
        "actor": row["actor"],
        "data": row["data"],
    }
