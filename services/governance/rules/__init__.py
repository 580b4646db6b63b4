"""Rule kinds: small pure functions over a project's facts (see ``base.py``). Importing the
package registers every kind in ``REGISTRY``."""

from services.governance.rules import project_fields
from services.governance.rules.registry import REGISTRY, register

__all__ = ["REGISTRY", "project_fields", "register"]
