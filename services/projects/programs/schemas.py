import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from services.projects.schemas_common import StrictModel


class ProgramCreate(StrictModel):
    portfolio_id: uuid.UUID
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    manager: str | None = Field(default=None, max_length=200)


class ProgramUpdate(StrictModel):
    """A program stays in its portfolio: its projects' portfolio is what it groups."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    manager: str | None = Field(default=None, max_length=200)


class ProgramRead(BaseModel):
    id: uuid.UUID
    portfolio_id: uuid.UUID
    name: str
    description: str | None
    manager: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class PortfolioPrograms(BaseModel):
    portfolio_id: uuid.UUID
    items: list[ProgramRead]
    next_cursor: str | None


class ProgramsByPortfolio(BaseModel):
    items: list[PortfolioPrograms]
