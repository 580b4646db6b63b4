import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from services.projects.schemas_common import StrictModel


class PortfolioCreate(StrictModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None


class PortfolioUpdate(StrictModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None


class PortfolioRead(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class StatusCount(BaseModel):
    status: str
    count: int


class BudgetTotal(BaseModel):
    currency: str | None
    amount: str


class PortfolioRollup(BaseModel):
    portfolio_id: uuid.UUID
    project_count: int
    projects_by_status: dict[str, int]
    budget_totals: list[BudgetTotal]
    task_count: int
    tasks_completed: int
    task_percent_complete: float | None
