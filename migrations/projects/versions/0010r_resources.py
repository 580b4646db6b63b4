"""The resource pool (issue 11): people and generic roles, their cost rates over time and
their time off.

Revision ID: 0010r
Revises: 0009d
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010r"
down_revision: str | None = "0009d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _entity_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _resource_fk() -> sa.Column:
    return sa.Column(
        "resource_id",
        sa.Uuid(),
        sa.ForeignKey("resources.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "resources",
        *_entity_columns(),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("role_name", sa.String(200)),
        sa.Column("skills", sa.ARRAY(sa.String(100)), nullable=False),
        sa.Column("max_units", sa.Numeric(4, 2), nullable=False),
        sa.Column("calendar_id", sa.Uuid(), sa.ForeignKey("calendars.id", ondelete="SET NULL")),
        sa.Column("external_source", sa.String(64)),
        sa.Column("external_id", sa.String(200)),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind IN ('person', 'role')", name=op.f("ck_resources_kind_known")),
        sa.CheckConstraint(
            "max_units > 0 AND max_units <= 10", name=op.f("ck_resources_max_units_in_range")
        ),
    )
    op.create_index("ix_resources_calendar_id", "resources", ["calendar_id"])
    op.create_index(
        "uq_resources_external",
        "resources",
        ["external_source", "external_id"],
        unique=True,
        postgresql_where=sa.text("external_source IS NOT NULL"),
    )
    op.create_table(
        "resource_rates",
        *_entity_columns(),
        _resource_fk(),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("rate_per_hour", sa.Numeric(18, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.UniqueConstraint(
            "resource_id",
            "effective_from",
            name=op.f("uq_resource_rates_resource_id_effective_from"),
        ),
        sa.CheckConstraint("rate_per_hour >= 0", name=op.f("ck_resource_rates_rate_not_negative")),
    )
    op.create_table(
        "resource_time_off",
        *_entity_columns(),
        _resource_fk(),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.CheckConstraint(
            "to_date >= from_date", name=op.f("ck_resource_time_off_period_ordered")
        ),
    )
    op.create_index(
        "ix_resource_time_off_resource_from", "resource_time_off", ["resource_id", "from_date"]
    )


def downgrade() -> None:
    op.drop_table("resource_time_off")
    op.drop_table("resource_rates")
    op.drop_table("resources")
