"""Project templates (versioned blueprints) and the record of each project made from one.

Revision ID: 0003t
Revises: 0003g
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003t"
down_revision: str | None = "0003g"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def _jsonb(name: str) -> sa.Column:
    return sa.Column(name, postgresql.JSONB(astext_type=sa.Text()), nullable=False)


def upgrade() -> None:
    op.create_table(
        "templates",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=True),
        sa.Column("tags", sa.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("lifecycle_key", sa.String(length=80), nullable=True),
        sa.Column("lifecycle_id", sa.Uuid(), nullable=True),
        _jsonb("tasks"),
        _jsonb("dependencies"),
        _jsonb("raid"),
        _jsonb("deliverables"),
        sa.Column("standard_keys", sa.ARRAY(sa.String(length=80)), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_templates")),
        sa.UniqueConstraint("key", "revision", name=op.f("uq_templates_key_revision")),
    )
    op.create_table(
        "template_instantiations",
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("template_key", sa.String(length=80), nullable=False),
        sa.Column("template_revision", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("project_code", sa.String(length=40), nullable=False),
        sa.Column("project_name", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=80), nullable=True),
        sa.Column("lifecycle_id", sa.Uuid(), nullable=True),
        sa.Column("plan_key", sa.String(length=80), nullable=False),
        sa.Column("instantiated_by", sa.String(length=255), nullable=False),
        _timestamp("instantiated_at"),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["templates.id"],
            name=op.f("fk_template_instantiations_template_id_templates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_instantiations")),
        sa.UniqueConstraint("project_id", name=op.f("uq_template_instantiations_project_id")),
    )
    op.create_index(
        op.f("ix_template_instantiations_template_id"),
        "template_instantiations",
        ["template_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("template_instantiations")
    op.drop_table("templates")
