import uuid
from datetime import datetime

from pydantic import BaseModel


class BudgetTotal(BaseModel):
    currency: str | None
    amount: str


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
