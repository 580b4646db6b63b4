"""Every table of the governance database; importing this registers them."""

from services.governance.models.base import Base, audit_records, idempotency_keys
from services.governance.models.evaluation import Evaluation
from services.governance.models.evaluation_finding import EvaluationFinding
from services.governance.models.lesson import Lesson
from services.governance.models.lesson_term import LessonTerm
from services.governance.models.standard import Standard
from services.governance.models.standard_rule import StandardRule

__all__ = [
    "Base",
    "Evaluation",
    "EvaluationFinding",
    "Lesson",
    "LessonTerm",
    "Standard",
    "StandardRule",
    "audit_records",
    "idempotency_keys",
]
