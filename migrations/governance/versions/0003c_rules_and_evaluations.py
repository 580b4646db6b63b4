"""Rules on standards, and compliance evaluations with their findings (append-only).

Revision ID: 0003c
Revises: 0003t
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003c"
down_revision: str | None = "0003t"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Evaluations are the compliance history trends are drawn from: never rewritten.
APPEND_ONLY_FUNCTION = """
CREATE FUNCTION compliance_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$
"""
APPEND_ONLY_TABLES = ("evaluations", "evaluation_findings")


def _timestamps() -> list[sa.Column]:
    return [
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
    ]


def _standard_rules() -> None:
    op.create_table(
        "standard_rules",
        sa.Column("standard_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("params", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("weight", sa.Numeric(9, 3), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("scope_portfolio_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("scope_project_statuses", postgresql.ARRAY(sa.String(16)), nullable=False),
        sa.Column("scope_phases", postgresql.ARRAY(sa.String(80)), nullable=False),
        sa.Column("scope_tags", postgresql.ARRAY(sa.String(64)), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        *_timestamps(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("weight > 0", name=op.f("ck_standard_rules_weight_positive")),
        sa.CheckConstraint(
            "severity IN ('info', 'minor', 'major', 'critical')",
            name=op.f("ck_standard_rules_severity_known"),
        ),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["standards.id"],
            name=op.f("fk_standard_rules_standard_id_standards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_rules")),
        sa.UniqueConstraint(
            "standard_id", "position", name=op.f("uq_standard_rules_standard_id_position")
        ),
    )


def _evaluations() -> None:
    op.create_table(
        "evaluations",
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("portfolio_id", sa.Uuid(), nullable=True),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evaluator", sa.String(length=255), nullable=False),
        sa.Column("score", sa.Numeric(5, 2), nullable=True),
        sa.Column("passed", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("not_applicable", sa.Integer(), nullable=False),
        sa.Column("by_severity", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("standard_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
    )
    op.create_index(
        "ix_evaluations_project_evaluated", "evaluations", ["project_id", "evaluated_at", "id"]
    )
    op.create_index(
        "ix_evaluations_portfolio_evaluated",
        "evaluations",
        ["portfolio_id", "evaluated_at", "id"],
    )
    op.create_index("ix_evaluations_evaluated", "evaluations", ["evaluated_at", "id"])


def _findings() -> None:
    op.create_table(
        "evaluation_findings",
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=False),
        sa.Column("rule_title", sa.String(length=300), nullable=True),
        sa.Column("standard_id", sa.Uuid(), nullable=False),
        sa.Column("standard_key", sa.String(length=80), nullable=False),
        sa.Column("standard_revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("weight", sa.Numeric(9, 3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_evaluation_findings_evaluation_id_evaluations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_findings")),
        sa.UniqueConstraint(
            "evaluation_id", "position", name=op.f("uq_evaluation_findings_evaluation_id_position")
        ),
    )


def upgrade() -> None:
    _standard_rules()
    _evaluations()
    _findings()
    op.execute(APPEND_ONLY_FUNCTION)
    for table in APPEND_ONLY_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION compliance_history_append_only()"
        )


def downgrade() -> None:
    op.drop_table("evaluation_findings")
    op.drop_table("evaluations")
    op.execute("DROP FUNCTION compliance_history_append_only()")
    op.drop_table("standard_rules")
