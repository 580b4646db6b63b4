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
    task_count: int = Field(description="Tasks of those projects, summary tasks included")
    tasks_completed: int = Field(description="Tasks at 100 percent complete, summaries included")
    task_percent_complete: float | None = Field(
        description=(
            "The projects service's roll-up, passed through: percent complete (0-100) weighted "
            "by duration over leaf tasks, as MS Project rolls up a summary task: "
            "sum(duration x percent complete) / sum(duration). Summary tasks are left out; "
            "zero-duration milestones weigh nothing unless every leaf is one (then the plain "
            "average of the leaves); null when there are no tasks."
        )
    )
    generated_at: datetime
