from __future__ import annotations

from pydantic import BaseModel, Field


class EventReceived(BaseModel):
    """What became of a project event reporting received."""

    duplicate: bool = Field(description="Its webhook-id was received before: ignored")
    refresh: bool = Field(
        description="The project's snapshot and health will be taken again shortly (events "
        "for one project within a few seconds refresh it once)"
    )
