from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from services.projects.schemas_common import StrictModel
from shared.clients.projects.records import Rag


class StatusUpdateCreate(StrictModel):
    as_of: date
    overall_rag: Rag
    schedule_rag: Rag
    cost_rag: Rag
    scope_rag: Rag
    risk_rag: Rag
    narrative: str = Field(default="", max_length=20_000)


class StatusUpdateRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    as_of: date
    overall_rag: Rag
    schedule_rag: Rag
    cost_rag: Rag
    scope_rag: Rag
    risk_rag: Rag
    narrative: str
    author: str
    created_at: datetime
    updated_at: datetime
    version: int
