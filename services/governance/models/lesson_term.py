from sqlalchemy import Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base


class LessonTerm(Base):
    """The vocabulary of the lessons: every lexeme their search vectors hold. Typo tolerance
    looks a misspelt query word up here by trigram similarity (the spelling-suggestion table
    of the pg_trgm documentation), then searches the lessons for the words it found.

    Only ever grows: a term no lesson holds any more costs one unused row and matches nothing."""

    __tablename__ = "lesson_terms"
    __table_args__ = (
        Index(
            "ix_lesson_terms_term_trgm",
            "term",
            postgresql_using="gin",
            postgresql_ops={"term": "gin_trgm_ops"},
        ),
    )

    term: Mapped[str] = mapped_column(Text, primary_key=True)
