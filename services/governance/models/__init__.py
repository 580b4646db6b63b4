"""Every table of the governance database; importing this registers them."""

from services.governance.models.base import Base, audit_records, idempotency_keys
from services.governance.models.lesson import Lesson
from services.governance.models.lesson_term import LessonTerm
from services.governance.models.standard import Standard

__all__ = ["Base", "Lesson", "LessonTerm", "Standard", "audit_records", "idempotency_keys"]
