import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, Field


class BudgetTotal(BaseModel):
    currency: str | None
    amount: Decimal = Field(description="Decimal string")


class PortfolioSummary(BaseModel):
    portfolio_id: uuid.UUID
    portfolio_name: str
    project_count: int
    projects_by_status: dict[str, int]
    budget_totals: list[BudgetTotal]
    task_count: int
    tasks_completed: int
    task_percent_complete: float | None
    generated_at: datetime
