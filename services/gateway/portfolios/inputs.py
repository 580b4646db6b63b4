from __future__ import annotations

import strawberry


@strawberry.input
class CreatePortfolioInput:
    name: str
    description: str | None = strawberry.UNSET
    currency: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="ISO 4217 code money rolls up in (EUR if not given).",
    )
    idempotency_key: str | None = None
