"""Who may call each reporting operation: operation id -> rule (:mod:`shared.permissions`)."""

from __future__ import annotations

from shared.permissions import EVENT_PERMISSIONS, Rule

PERMISSIONS: dict[str, Rule] = {
    "get_healthz": Rule.public,
    "get_readyz": Rule.public,
    "get_portfolio_summary": Rule.visible,
    "get_health_policy": Rule.authenticated,
    "set_health_policy": Rule.pmo,
    "list_health_policy_versions": Rule.authenticated,
    "get_project_health": Rule.project_read,
    "list_project_health": Rule.visible,
    "create_health_override": Rule.project_manage,
    "list_health_overrides": Rule.project_read,
    "revoke_health_override": Rule.project_manage,
    "get_portfolio_dashboard": Rule.visible,
    "export_portfolio_dashboard_csv": Rule.visible,
    "export_portfolio_dashboard_xlsx": Rule.visible,
    "create_corrective_action": Rule.project_manage,
    "get_corrective_action": Rule.project_read,
    "update_corrective_action": Rule.project_manage,
    "create_lesson_from_corrective_action": Rule.project_manage,
    "list_project_corrective_actions": Rule.project_read,
    "list_portfolio_corrective_actions": Rule.visible,
    "take_snapshots": Rule.pmo,
    "list_first_snapshot_pages": Rule.visible,
    "list_project_snapshots": Rule.project_read,
    "get_project_trend": Rule.project_read,
    "list_project_trends": Rule.visible,
    "export_portfolio_projects_csv": Rule.visible,
    "export_portfolio_projects_xlsx": Rule.visible,
    "get_project_gantt_svg": Rule.project_read,
    "get_project_s_curve_svg": Rule.project_read,
    "get_project_rag_trend_svg": Rule.project_read,
    "get_project_status_report_pdf": Rule.project_read,
    "list_audit_records": Rule.global_read,
    "get_audit_record": Rule.global_read,
    # Webhook subscriptions and the change feed, the same on every service.
    **EVENT_PERMISSIONS,
    # Project events pushed by the projects service's dispatcher.
    "receive_project_events": Rule.signed,
}
