from __future__ import annotations

import strawberry


@strawberry.input
class CreatePortfolioInput:
    name: str
    description: str | None = strawberry.UNSET
    idempotency_key: str | None = None
