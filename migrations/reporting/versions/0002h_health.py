"""Health policies (immutable versions), health overrides, daily project snapshots, the
snapshot scheduler's last run, and the audit log (append-only).

Revision ID: 0002h
Revises: 0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002h"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The audit log is evidence, and a policy version is what past colours were computed
# with: neither is ever rewritten, not even by the service's own code.
IMMUTABLE_FUNCTION = """
CREATE FUNCTION reporting_rows_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$
"""
IMMUTABLE_TABLES = ("audit_records", "health_policies")


def upgrade() -> None:
    op.create_table(
        "audit_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_records")),
        sa.UniqueConstraint("sequence", name=op.f("uq_audit_records_sequence")),
    )
    op.create_index(
        "ix_audit_records_entity",
        "audit_records",
        ["entity_type", "entity_id", "sequence"],
        unique=False,
    )
    op.create_index(
        "ix_audit_records_project", "audit_records", ["project_id", "sequence"], unique=False
    )
    op.create_table(
        "health_overrides",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("rag", sa.String(length=8), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=255), nullable=True),
        sa.Column("superseded_by_id", sa.Uuid(), nullable=True),
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
        sa.CheckConstraint(
            "rag IN ('green', 'amber', 'red')", name=op.f("ck_health_overrides_rag_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_overrides")),
    )
    op.create_index(
        "ix_health_overrides_project",
        "health_overrides",
        ["project_id", "created_at", "id"],
        unique=False,
    )
    op.create_table(
        "health_policies",
        sa.Column("portfolio_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("thresholds", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("enabled_dimensions", sa.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("high_risk_score", sa.Integer(), nullable=False),
        sa.Column("combine", sa.String(length=8), nullable=False),
        sa.Column("ambers_for_red", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "combine IN ('worst', 'count')", name=op.f("ck_health_policies_combine_known")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_health_policies_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_policies")),
        sa.UniqueConstraint(
            "portfolio_id", "version", name=op.f("uq_health_policies_portfolio_id_version")
        ),
    )
    op.create_table(
        "project_snapshots",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("portfolio_id", sa.Uuid(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("bac", sa.Numeric(), nullable=True),
        sa.Column("pv", sa.Numeric(), nullable=True),
        sa.Column("ev", sa.Numeric(), nullable=True),
        sa.Column("ac", sa.Numeric(), nullable=True),
        sa.Column("eac", sa.Numeric(), nullable=True),
        sa.Column("spi", sa.Numeric(), nullable=True),
        sa.Column("cpi", sa.Numeric(), nullable=True),
        sa.Column("spi_t", sa.Numeric(), nullable=True),
        sa.Column("percent_complete", sa.Numeric(), nullable=True),
        sa.Column("finish_variance_days", sa.Numeric(), nullable=True),
        sa.Column("critical_float_days", sa.Numeric(), nullable=True),
        sa.Column("overdue_milestones", sa.Integer(), nullable=False),
        sa.Column("open_risks", sa.Integer(), nullable=False),
        sa.Column("open_high_risks", sa.Integer(), nullable=False),
        sa.Column("compliance_score", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("days_since_status_update", sa.Integer(), nullable=True),
        sa.Column("evm", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("overall_rag", sa.String(length=8), nullable=False),
        sa.Column("effective_rag", sa.String(length=8), nullable=False),
        sa.Column("override_id", sa.Uuid(), nullable=True),
        sa.Column("health", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("policy_id", sa.Uuid(), nullable=True),
        sa.Column("policy_version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_snapshots")),
        sa.UniqueConstraint("project_id", "day", name=op.f("uq_project_snapshots_project_id_day")),
    )
    op.create_index("ix_project_snapshots_day", "project_snapshots", ["day"], unique=False)
    op.create_index(
        "ix_project_snapshots_portfolio_day",
        "project_snapshots",
        ["portfolio_id", "day"],
        unique=False,
    )
    op.create_table(
        "snapshot_runs",
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_snapshot_runs")),
    )
    op.execute(IMMUTABLE_FUNCTION)
    for table in IMMUTABLE_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION reporting_rows_immutable()"
        )


def downgrade() -> None:
    op.drop_table("snapshot_runs")
    op.drop_index("ix_project_snapshots_portfolio_day", table_name="project_snapshots")
    op.drop_index("ix_project_snapshots_day", table_name="project_snapshots")
    op.drop_table("project_snapshots")
    op.drop_table("health_policies")
    op.drop_index("ix_health_overrides_project", table_name="health_overrides")
    op.drop_table("health_overrides")
    op.drop_index("ix_audit_records_project", table_name="audit_records")
    op.drop_index("ix_audit_records_entity", table_name="audit_records")
    op.drop_table("audit_records")
    op.execute("DROP FUNCTION reporting_rows_immutable()")
