"""Lessons learned: the register, its generated full-text search vector (GIN) and the
vocabulary of its terms (trigram GIN, for typo tolerance).

Revision ID: 0003l
Revises: 0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003l"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Title A, recommendation and root cause B, context and what happened C (english stemming).
SEARCH_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, recommendation || ' ' || root_cause), 'B') || "
    "setweight(to_tsvector('english'::regconfig, context || ' ' || what_happened), 'C')"
)
CATEGORY_KNOWN = (
    "category IN ('schedule', 'cost', 'scope', 'quality', 'risk', 'resources', "
    "'stakeholders', 'procurement', 'technical', 'governance', 'communication', 'other')"
)


def upgrade() -> None:
    # Trusted since PostgreSQL 13: the database owner may create it, no superuser needed.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "lesson_terms",
        sa.Column("term", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_lesson_terms")),
    )
    op.create_index(
        "ix_lesson_terms_term_trgm",
        "lesson_terms",
        ["term"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"term": "gin_trgm_ops"},
    )
    op.create_table(
        "lessons",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("root_cause", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("tags", sa.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("phase", sa.String(length=80), nullable=True),
        sa.Column("source_project_id", sa.Uuid(), nullable=True),
        sa.Column("impact", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=255), nullable=False),
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(
                SEARCH_VECTOR,
                persisted=True,
            ),
            nullable=True,
        ),
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
            CATEGORY_KNOWN,
            name=op.f("ck_lessons_category_known"),
        ),
        sa.CheckConstraint(
            "impact IN ('low', 'medium', 'high')", name=op.f("ck_lessons_impact_known")
        ),
        sa.CheckConstraint(
            "outcome IN ('positive', 'negative')", name=op.f("ck_lessons_outcome_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lessons")),
    )
    op.create_index("ix_lessons_created_at", "lessons", ["created_at", "id"], unique=False)
    op.create_index(
        "ix_lessons_search_vector",
        "lessons",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index("ix_lessons_source_project_id", "lessons", ["source_project_id"], unique=False)
    op.create_index("ix_lessons_tags", "lessons", ["tags"], unique=False, postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_lessons_tags", table_name="lessons", postgresql_using="gin")
    op.drop_index("ix_lessons_source_project_id", table_name="lessons")
    op.drop_index("ix_lessons_search_vector", table_name="lessons", postgresql_using="gin")
    op.drop_index("ix_lessons_created_at", table_name="lessons")
    op.drop_table("lessons")
    op.drop_index(
        "ix_lesson_terms_term_trgm",
        table_name="lesson_terms",
        postgresql_using="gin",
        postgresql_ops={"term": "gin_trgm_ops"},
    )
    op.drop_table("lesson_terms")
    # No CASCADE: should anything else have come to use the extension, this refuses.
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
