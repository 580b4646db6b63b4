"""Rule kinds: small pure functions over a project's facts (see ``base.py``). Importing the
package registers every kind in ``REGISTRY``; docs/governance-rules.md lists them."""

from services.governance.rules import (
    baseline,
    dcma,
    dcma_indexes,
    dcma_plan,
    gates,
    project_fields,
    raid,
)
from services.governance.rules.registry import REGISTRY, register

__all__ = [
    "REGISTRY",
    "baseline",
    "dcma",
    "dcma_indexes",
    "dcma_plan",
    "gates",
    "project_fields",
    "raid",
    "register",
]
