from __future__ import annotations

import strawberry

from services.gateway.levelling.types import LevellingMethod


@strawberry.input
class LevelProjectInput:
    project_id: strawberry.ID
    method: LevellingMethod = LevellingMethod.AUTO
    time_limit_seconds: float = strawberry.field(default=5.0, description="1..300")


@strawberry.input
class LevelPortfolioInput:
    portfolio_id: strawberry.ID
    method: LevellingMethod = LevellingMethod.AUTO
    time_limit_seconds: float = strawberry.field(default=5.0, description="1..300")


@strawberry.input
class ApplyLevellingInput:
    job_id: strawberry.ID
    set_baseline: bool = False
    baseline_number: int = 0
    baseline_name: str | None = None
    replace_baseline: bool = False


@strawberry.input
class ClearLevellingInput:
    project_id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="The project's version (stale: a userError)"
    )
