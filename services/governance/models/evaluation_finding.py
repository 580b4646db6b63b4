import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base
from shared.db import IdMixin


class EvaluationFinding(IdMixin, Base):
    """One rule's outcome in one evaluation. The rule's standard, kind, severity and weight
    are copied in: the finding stays readable as it was, whatever happens to the rule's
    standard later. Append-only, like its evaluation."""

    __tablename__ = "evaluation_findings"
    __table_args__ = (UniqueConstraint("evaluation_id", "position"),)

    evaluation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("evaluations.id"), nullable=False
    )
    # Order within the evaluation: by standard key, then the rule's order in its standard.
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    rule_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    rule_title: Mapped[str | None] = mapped_column(String(300))
    standard_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    standard_key: Mapped[str] = mapped_column(String(80), nullable=False)
    standard_revision: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(80), nullable=False)
    severity: Mapped[str] = mapped_column(String(16), nullable=False)
    weight: Mapped[Decimal] = mapped_column(Numeric(9, 3), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
