"""The summary of each reporting operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "get_portfolio_summary": "Summarise a portfolio",
    "export_portfolio_projects_csv": "Export a portfolio's projects as CSV",
    "export_portfolio_projects_xlsx": "Export a portfolio's projects as XLSX",
    "get_project_gantt_svg": "Draw a project's Gantt chart",
    "get_project_s_curve_svg": "Draw a project's earned value S-curve",
    "get_project_status_report_pdf": "Print a project's one-page status report",
}
