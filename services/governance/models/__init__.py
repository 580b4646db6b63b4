"""Every table of the governance database; importing this registers them."""

from services.governance.models.base import Base, audit_records, idempotency_keys
from services.governance.models.standard import Standard
from services.governance.models.template import Template
from services.governance.models.template_instantiation import TemplateInstantiation

__all__ = [
    "Base",
    "Standard",
    "Template",
    "TemplateInstantiation",
    "audit_records",
    "idempotency_keys",
]
