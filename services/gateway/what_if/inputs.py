from __future__ import annotations

import strawberry

from services.gateway.levelling.types import LevellingMethod


@strawberry.input(description="A person who does not exist yet, joining a role's pool.")
class WhatIfPersonInput:
    key: str = strawberry.field(description="Names the person in the answer, e.g. new-1")
    role_name: str
    max_units: str = strawberry.field(default="1.00", description='Decimal string, "1.00"')
    calendar_id: strawberry.ID | None = None
    rate_per_hour: str | None = strawberry.field(
        default=None, description="Decimal string; the role's rate if none"
    )


@strawberry.input(description="Days (both ends included) a resource is away, or works.")
class WhatIfTimeOffInput:
    resource_id: strawberry.ID
    from_date: str = strawberry.field(description="YYYY-MM-DD")
    to_date: str = strawberry.field(description="YYYY-MM-DD")
    away: bool = True


@strawberry.input(description="A what-if on resources: give projectId or portfolioId.")
class ResourceWhatIfInput:
    project_id: strawberry.ID | None = None
    portfolio_id: strawberry.ID | None = None
    add: list[WhatIfPersonInput] = strawberry.field(default_factory=list)
    remove: list[strawberry.ID] = strawberry.field(default_factory=list)
    time_off: list[WhatIfTimeOffInput] = strawberry.field(default_factory=list)
    level: bool = True
    method: LevellingMethod = LevellingMethod.AUTO
    time_limit_seconds: float = strawberry.field(default=5.0, description="1..300, per side")
