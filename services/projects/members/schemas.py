import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from services.projects.access.service import ProjectRole
from services.projects.schemas_common import StrictModel


class MemberCreate(StrictModel):
    user_id: str = Field(min_length=1, max_length=200)
    role: ProjectRole


class MemberUpdate(StrictModel):
    role: ProjectRole


class MemberRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    user_id: str
    role: ProjectRole
    created_at: datetime
    updated_at: datetime
    version: int
