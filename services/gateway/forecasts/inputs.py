from __future__ import annotations

import strawberry


@strawberry.input(description="A target rank correlation between two tasks' durations.")
class RiskCorrelationInput:
    task_a: strawberry.ID
    task_b: strawberry.ID
    rho: float = strawberry.field(description="Strictly between -1 and 1")


@strawberry.input(description="A Monte Carlo schedule risk analysis of a project's plan.")
class RunRiskAnalysisInput:
    project_id: strawberry.ID
    iterations: int = strawberry.field(default=10_000, description="At most 100,000")
    seed: str | None = strawberry.field(
        default=None, description="64-bit integer as a string; random (and stored) if absent"
    )
    convergence: bool = strawberry.field(default=True, description="Stop once stable")
    correlations: list[RiskCorrelationInput] = strawberry.field(default_factory=list)
    include_risk_drivers: bool = strawberry.field(
        default=True, description="Open RAID risks with a schedule impact and tasks"
    )
