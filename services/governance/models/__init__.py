"""Every table of the governance database; importing this registers them."""

from services.governance.models.base import Base, audit_records, event_tables, idempotency_keys
from services.governance.models.deliverable import Deliverable
from services.governance.models.evaluation import Evaluation
from services.governance.models.evaluation_finding import EvaluationFinding
from services.governance.models.gate_review import GateDecision, GateReview
from services.governance.models.lesson import Lesson
from services.governance.models.lesson_term import LessonTerm
from services.governance.models.lifecycle import Lifecycle, ProjectLifecycle
from services.governance.models.standard import Standard
from services.governance.models.standard_rule import StandardRule
from services.governance.models.template import Template
from services.governance.models.template_instantiation import TemplateInstantiation

__all__ = [
    "Base",
    "Deliverable",
    "Evaluation",
    "EvaluationFinding",
    "GateDecision",
    "GateReview",
    "Lesson",
    "LessonTerm",
    "Lifecycle",
    "ProjectLifecycle",
    "Standard",
    "StandardRule",
    "Template",
    "TemplateInstantiation",
    "audit_records",
    "event_tables",
    "idempotency_keys",
]
