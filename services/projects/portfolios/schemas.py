import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from services.projects.schemas_common import CurrencyCode, StrictModel

ROLL_UP_CURRENCY = (
    "The one currency (ISO 4217) the portfolio's money rolls up in: projects that set their "
    "own currency must use it, and actual costs in another are refused until exchange "
    "rates exist."
)


class PortfolioCreate(StrictModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    currency: CurrencyCode = Field(default="EUR", description=ROLL_UP_CURRENCY)


class PortfolioUpdate(StrictModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    currency: CurrencyCode | None = Field(
        default=None,
        description="Refused (409) while a project or an actual cost of the portfolio uses "
        "another currency.",
    )


class PortfolioRead(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    currency: str = Field(description=ROLL_UP_CURRENCY)
    created_at: datetime
    updated_at: datetime
    version: int


class StatusCount(BaseModel):
    status: str
    count: int


class BudgetTotal(BaseModel):
    currency: str | None
    amount: str


# The roll-up rule, also quoted by the reporting service's portfolio summary.
PERCENT_COMPLETE_RULE = (
    "Percent complete of the portfolio's work (0-100, two decimals), rolled up as MS Project "
    "rolls up a summary task: sum(duration x percent complete) / sum(duration) over the leaf "
    "tasks (tasks without subtasks) of the projects the caller may read. Summary tasks are "
    "left out (their subtasks count). Zero-duration leaves (milestones) weigh nothing, "
    "unless every leaf has zero duration: then it is the plain average of the leaves' "
    "percent complete. Null when there are no tasks."
)


class PortfolioRollup(BaseModel):
    portfolio_id: uuid.UUID
    project_count: int = Field(description="Projects of the portfolio the caller may read")
    projects_by_status: dict[str, int]
    budget_totals: list[BudgetTotal]
    task_count: int = Field(description="Tasks of those projects, summary tasks included")
    tasks_completed: int = Field(description="Tasks at 100 percent complete, summaries included")
    task_percent_complete: float | None = Field(description=PERCENT_COMPLETE_RULE)
