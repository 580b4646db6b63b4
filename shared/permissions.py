"""Who may call each operation (DESIGN §5), in a small vocabulary every service and the
gateway share. Each service keeps an ``operation_id -> Rule`` map in
``services/<svc>/permissions.py`` and the gateway a ``Type.field -> Rule`` map; the OpenAPI
documents publish each operation's rule as ``x-permission`` (and say it in the description),
tests/contract/test_permission_map.py checks that the maps are complete and
tests/gateway/test_access_matrix.py that the services answer as the rules say (2xx, 403, or
404 for what the caller may not see).

Project records follow their project: a caller who may not read a project gets 404 for it
and for anything in it (a task, a risk, a gate review by id), never 403, and the same 404 as
for an unknown id (naming neither the record's project nor anything else), so ids do not
leak.
"""

from __future__ import annotations

from enum import StrEnum


class Rule(StrEnum):
    public = "public"
    authenticated = "authenticated"
    visible = "visible"
    global_read = "global_read"
    project_read = "project_read"
    project_filter = "project_filter"
    project_list = "project_list"
    project_write = "project_write"
    project_manage = "project_manage"
    creator = "creator"
    gate_approver = "gate_approver"
    pmo = "pmo"
    admin = "admin"
    author = "author"
    governance_service = "governance_service"
    subscriber = "subscriber"
    signed = "signed"
    subscription_owner = "subscription_owner"


DESCRIPTIONS: dict[Rule, str] = {
    Rule.public: "No token needed.",
    Rule.authenticated: "Any signed-in caller (a valid bearer token).",
    Rule.visible: (
        "Any signed-in caller; the answer holds only projects (and their records) the caller "
        "may read: a project role there, or admin, pmo or executive."
    ),
    Rule.global_read: "The global read roles only: admin, pmo, executive.",
    Rule.project_read: (
        "Any role on the project (manager, member, viewer), or admin, pmo or executive; "
        "for a project, or a record of one, the caller may not read, the answer for an "
        "unknown id (404)."
    ),
    Rule.project_filter: (
        "With `project_id` (or `?project_id=`), any role on that project or a global read "
        "role (404 for a project the caller may not read); without it, across projects, the "
        "global read roles only (admin, pmo, executive; 403 for others)."
    ),
    Rule.project_list: (
        "With `project_id` (or `?project_id=`), that project's records, and an empty list "
        "for a project the caller may not read (as for an unknown one); without it, across "
        "projects, the global read roles only (admin, pmo, executive; 403 for others)."
    ),
    Rule.project_write: (
        "The manager or member role on the project, or admin or pmo; 403 for a viewer or "
        "an executive, 404 for a caller who may not read the project."
    ),
    Rule.project_manage: (
        "The manager role on the project, or admin or pmo; 403 for other project roles and "
        "executives, 404 for a caller who may not read the project."
    ),
    Rule.creator: (
        "The global roles admin, pmo or member: anyone signed in but a read-only executive "
        "(the creator becomes the new project's manager)."
    ),
    Rule.gate_approver: (
        "One of the approver roles the gate names (a global role such as pmo, the project's "
        "manager or its sponsor); 404 for a caller who may not read the project."
    ),
    Rule.pmo: "The global roles admin or pmo.",
    Rule.admin: "The global role admin.",
    Rule.author: (
        "Any signed-in caller creates; only the record's author, pmo or admin changes it."
    ),
    Rule.governance_service: (
        "The governance service's own identity only (gate decisions move a project's phase)."
    ),
    Rule.subscriber: (
        "For every event or a portfolio's, admin or pmo; for one project's, also the "
        "project's manager (403 for other project roles, 404 for a caller who may not read "
        "the project); a service token needs the webhooks:write scope. The reporting "
        "service's own identity (role reporting-service) subscribes to every event."
    ),
    Rule.signed: (
        "No bearer token: the body must carry a valid Standard Webhooks signature made with "
        "the secret this service registered (401 otherwise, and for a timestamp older than "
        "five minutes)."
    ),
    Rule.subscription_owner: (
        "The subscription's owner, or admin or pmo; for anyone else the answer for an "
        "unknown id (404). A list holds only the caller's own subscriptions (all for "
        "admin and pmo)."
    ),
}


# The operations every service with events serves alike (shared/webhooks, shared/events/feed).
EVENT_PERMISSIONS: dict[str, Rule] = {
    "list_events": Rule.project_filter,
    "create_webhook_subscription": Rule.subscriber,
    "list_webhook_subscriptions": Rule.subscription_owner,
    "get_webhook_subscription": Rule.subscription_owner,
    "update_webhook_subscription": Rule.subscription_owner,
    "delete_webhook_subscription": Rule.subscription_owner,
    "rotate_webhook_secret": Rule.subscription_owner,
    "list_webhook_deliveries": Rule.subscription_owner,
    "replay_webhook_delivery": Rule.subscription_owner,
    "replay_webhook_events": Rule.subscription_owner,
}


def permission_sentence(rule: Rule) -> str:
    """The sentence an operation's OpenAPI description carries about its rule."""
    return f"**Permission** (`{rule.value}`): {DESCRIPTIONS[rule]}"
