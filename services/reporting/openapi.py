"""The summary of each reporting operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "get_portfolio_summary": "Summarise a portfolio",
    "export_portfolio_projects_csv": "Export a portfolio's projects as CSV",
    "export_portfolio_projects_xlsx": "Export a portfolio's projects as XLSX",
    "get_project_gantt_svg": "Draw a project's Gantt chart",
    "get_project_s_curve_svg": "Draw a project's earned value S-curve",
    "get_project_rag_trend_svg": "Draw a project's RAG over time from its daily snapshots",
    "get_project_status_report_pdf": "Print a project's one-page status report",
    "get_health_policy": "Get a portfolio's current health policy (the default when none was set)",
    "set_health_policy": "Set a new version of a portfolio's health policy",
    "list_health_policy_versions": "List the versions of a portfolio's health policy",
    "get_project_health": "Get a project's health: RAG per dimension and overall, with reasons",
    "list_project_health": "Get the health of many projects",
    "create_health_override": "Override a project's overall health until a date, with a reason",
    "list_health_overrides": "List a project's health overrides, newest first",
    "revoke_health_override": "Revoke a health override (kept in the history)",
    "take_snapshots": "Take today's snapshot of a portfolio's projects or of given projects",
    "list_project_snapshots": "List a project's daily snapshots in a date range",
    "list_first_snapshot_pages": "Get the first page of snapshots of many projects",
    "get_project_trend": "Get a project's trend of one metric from its daily snapshots",
    "list_project_trends": "Get the trend of one metric for many projects",
}
