from __future__ import annotations

import strawberry


@strawberry.input
class CreateStandardInput:
    key: str
    title: str
    body: str | None = strawberry.UNSET
    idempotency_key: str | None = None
