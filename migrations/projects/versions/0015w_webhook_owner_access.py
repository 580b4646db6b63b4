"""Webhook subscriptions remember their owner's kind and where their events start, and can
be suspended when the owner loses access; deliveries are indexed by event for retention,
and a first delivery's replays are deleted with it (shared/events/tables.py, version 2).

Revision ID: 0015w
Revises: 0014e
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from shared.events.migration import add_subscription_access, drop_subscription_access

revision: str = "0015w"
down_revision: str | None = "0014e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_subscription_access()


def downgrade() -> None:
    drop_subscription_access()
