"""Lifecycles (phases and gates) and their assignment to projects, gate reviews with their
decisions, and the projects' deliverables registers.

Revision ID: 0003g
Revises: 0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003g"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deliverables",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("submitted_by", sa.String(length=255), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by", sa.String(length=255), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliverables")),
        sa.UniqueConstraint("project_id", "key", name=op.f("uq_deliverables_project_id_key")),
    )
    op.create_table(
        "lifecycles",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("phases", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("gates", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lifecycles")),
        sa.UniqueConstraint("key", "revision", name=op.f("uq_lifecycles_key_revision")),
    )
    op.create_table(
        "gate_reviews",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("lifecycle_id", sa.Uuid(), nullable=False),
        sa.Column("from_phase", sa.String(length=80), nullable=False),
        sa.Column("to_phase", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("opened_by", sa.String(length=255), nullable=False),
        sa.Column("results", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checklist", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["lifecycle_id"],
            ["lifecycles.id"],
            name=op.f("fk_gate_reviews_lifecycle_id_lifecycles"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_reviews")),
    )
    op.create_index(
        op.f("ix_gate_reviews_project_id"), "gate_reviews", ["project_id"], unique=False
    )
    op.create_index(
        "uq_gate_reviews_open",
        "gate_reviews",
        ["project_id", "to_phase"],
        unique=True,
        postgresql_where=sa.text("state = 'open'"),
    )
    op.create_table(
        "project_lifecycles",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("lifecycle_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.String(length=255), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["lifecycle_id"],
            ["lifecycles.id"],
            name=op.f("fk_project_lifecycles_lifecycle_id_lifecycles"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_lifecycles")),
        sa.UniqueConstraint("project_id", name=op.f("uq_project_lifecycles_project_id")),
    )
    op.create_index(
        op.f("ix_project_lifecycles_lifecycle_id"),
        "project_lifecycles",
        ["lifecycle_id"],
        unique=False,
    )
    op.create_table(
        "gate_decisions",
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=255), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["gate_reviews.id"],
            name=op.f("fk_gate_decisions_review_id_gate_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_decisions")),
    )
    op.create_index(
        op.f("ix_gate_decisions_review_id"), "gate_decisions", ["review_id"], unique=False
    )
    op.create_index(
        "uq_gate_decisions_role",
        "gate_decisions",
        ["review_id", "role"],
        unique=True,
        postgresql_where=sa.text("decision <> 'hold'"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_gate_decisions_role",
        table_name="gate_decisions",
        postgresql_where=sa.text("decision <> 'hold'"),
    )
    op.drop_index(op.f("ix_gate_decisions_review_id"), table_name="gate_decisions")
    op.drop_table("gate_decisions")
    op.drop_index(op.f("ix_project_lifecycles_lifecycle_id"), table_name="project_lifecycles")
    op.drop_table("project_lifecycles")
    op.drop_index(
        "uq_gate_reviews_open",
        table_name="gate_reviews",
        postgresql_where=sa.text("state = 'open'"),
    )
    op.drop_index(op.f("ix_gate_reviews_project_id"), table_name="gate_reviews")
    op.drop_table("gate_reviews")
    op.drop_table("lifecycles")
    op.drop_table("deliverables")
