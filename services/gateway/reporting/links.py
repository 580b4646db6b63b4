"""Absolute URLs of the reporting service's documents (exports, charts, the status report),
for clients that download them directly with the same bearer token.

They are built from the reporting service's public base URL (``GATEWAY_REPORTING_PUBLIC_URL``,
where clients reach it, e.g. through an ingress), not the internal one the gateway calls,
and cost no upstream call."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import strawberry


@strawberry.type(description="A project's documents on the reporting service (absolute URLs).")
class ProjectReportLinks:
    status_report_pdf: str = strawberry.field(description="The one-page status report (PDF).")
    gantt_svg: str = strawberry.field(description="The Gantt chart (SVG).")
    s_curve_svg: str = strawberry.field(description="The EVM S-curve (SVG).")
    rag_trend_svg: str = strawberry.field(description="The RAG over time (SVG).")


@strawberry.type(description="A portfolio's exports on the reporting service (absolute URLs).")
class PortfolioExportLinks:
    projects_csv: str = strawberry.field(description="Its projects as CSV (streamed).")
    projects_xlsx: str = strawberry.field(description="Its projects as an XLSX workbook.")


@dataclass(frozen=True, slots=True)
class DocumentLinks:
    base_url: str

    def project(self, project_id: uuid.UUID) -> ProjectReportLinks:
        base = f"{self.base_url.rstrip('/')}/v1/projects/{project_id}"
        return ProjectReportLinks(
            status_report_pdf=f"{base}/status-report.pdf",
            gantt_svg=f"{base}/charts/gantt.svg",
            s_curve_svg=f"{base}/charts/s-curve.svg",
            rag_trend_svg=f"{base}/charts/rag-trend.svg",
        )

    def portfolio(
        self, portfolio_id: uuid.UUID, statuses: Sequence[str] = ()
    ) -> PortfolioExportLinks:
        base = f"{self.base_url.rstrip('/')}/v1/portfolios/{portfolio_id}/projects"
        query = f"?{urlencode([('status', s) for s in statuses])}" if statuses else ""
        return PortfolioExportLinks(
            projects_csv=f"{base}.csv{query}", projects_xlsx=f"{base}.xlsx{query}"
        )
