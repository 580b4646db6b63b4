"""What a service token (an integrating system, role ``integration``) may do: its scopes.

A service token is a JWT with ``roles: ["integration"]``, a space-separated ``scope`` claim
and the projects it may touch: ``pmo_projects`` (project ids) and/or ``pmo_portfolios``
(portfolio ids: every project of those portfolios). It is not a user: never a project
member, never admin or pmo, and with neither limit claim it reaches no project at all. Its
lists and batch reads show the projects within its limits (services/projects/access/
filters.py ``Viewer``).

The scope vocabulary (one scope per family of operations; kept small on purpose):

- ``projects:read``   every read (GET) of the projects in its limits and their records
- ``projects:write``  a project's own fields, schedule settings, calendars and baselines
- ``tasks:write``     tasks, dependencies and assignments, one by one or in bulk
- ``raid:write``      risks, assumptions, issues, decisions, and change requests
                      (raising, editing and submitting them; never approving)
- ``costs:write``     actual costs, one by one or in bulk
- ``status:write``    status updates (projects) and deliverables (governance)
- ``webhooks:write``  its own webhook subscriptions (create, change, rotate, replay): to a
                      project within its limits, or to a portfolio ``pmo_portfolios``
                      names; never to every event (shared/webhooks/access.py)

Every other write (creating projects, portfolios, programs or resources, membership,
phases, gate decisions, standards, templates, levelling, imports, ...) is closed to
integration tokens whatever their scopes. The check runs with authentication
(``current_principal``), by the route's operation id; the project limits are checked where
each service checks project access (404 for a project outside them, as for one that does
not exist).
"""

from __future__ import annotations

from shared.errors import Forbidden

READ_SCOPE = "projects:read"

_WRITE_FAMILIES: dict[str, tuple[str, ...]] = {
    "projects:write": (
        "update_project",
        "update_schedule_settings",
        "create_calendar",
        "update_calendar",
        "set_baseline",
        "clear_baseline",
    ),
    "tasks:write": (
        "add_task",
        "update_task",
        "delete_task",
        "bulk_upsert_tasks",
        "add_dependency",
        "update_dependency",
        "delete_dependency",
        "bulk_upsert_dependencies",
        "assign_resource",
        "bulk_upsert_assignments",
        "update_assignment",
        "unassign_resource",
    ),
    "raid:write": (
        *(
            f"{verb}_{entry}"
            for entry in ("risk", "issue", "assumption", "decision")
            for verb in ("create", "update", "delete")
        ),
        "create_change_request",
        "update_change_request",
        "submit_change_request",
    ),
    "costs:write": (
        "create_actual_cost",
        "bulk_upsert_actual_costs",
        "update_actual_cost",
        "delete_actual_cost",
    ),
    "status:write": (
        "create_status_update",
        "add_deliverable",
        "update_deliverable",
        "delete_deliverable",
    ),
    "webhooks:write": (
        "create_webhook_subscription",
        "update_webhook_subscription",
        "delete_webhook_subscription",
        "rotate_webhook_secret",
        "replay_webhook_delivery",
        "replay_webhook_events",
    ),
}

WRITE_SCOPE_OF: dict[str, str] = {
    operation: scope for scope, operations in _WRITE_FAMILIES.items() for operation in operations
}
SCOPES: frozenset[str] = frozenset({READ_SCOPE, *_WRITE_FAMILIES})
READ_METHODS = frozenset({"GET", "HEAD"})


def required_scope(method: str, operation_id: str | None) -> str | None:
    """The scope an operation needs from a service token; None: closed to service tokens."""
    if method in READ_METHODS:
        return READ_SCOPE
    return WRITE_SCOPE_OF.get(operation_id or "")


def ensure_scope(scopes: frozenset[str], method: str, operation_id: str | None) -> None:
    """403 problem naming the scope the operation needs (or saying it is closed)."""
    needed = required_scope(method, operation_id)
    if needed is None:
        raise Forbidden(
            f"Integration tokens may not call {operation_id or 'this operation'}; "
            "it needs a user with the right role."
        )
    if needed not in scopes:
        raise Forbidden(
            f"This operation needs the scope {needed}.", extra={"missing_scope": needed}
        )


def parse_scopes(raw: object) -> frozenset[str]:
    """The known scopes of a ``scope`` claim (space-separated; unknown words are ignored)."""
    if isinstance(raw, str):
        words = raw.split()
    elif isinstance(raw, list):
        words = [w for w in raw if isinstance(w, str)]
    else:
        words = []
    return frozenset(w for w in words if w in SCOPES)
