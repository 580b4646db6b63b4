"""Client of the reporting service, one module per domain: ``summaries`` (portfolio
summaries), ``health`` (policies, project health, overrides), ``snapshots`` (daily
snapshots, trends), ``dashboard`` (a portfolio's dashboard) and ``corrective_actions``
(the action register). Each holds its DTOs, its operations and its part of
:class:`ReportingClient`."""

from __future__ import annotations

from shared.clients.audit import AuditEndpoints
from shared.clients.events import EventEndpoints
from shared.clients.reporting.corrective_actions import CorrectiveActionEndpoints
from shared.clients.reporting.dashboard import DashboardEndpoints
from shared.clients.reporting.health import HealthEndpoints
from shared.clients.reporting.snapshots import SnapshotEndpoints
from shared.clients.reporting.summaries import MoneyDTO, PortfolioSummaryDTO, SummaryEndpoints


class ReportingClient(
    SummaryEndpoints,
    HealthEndpoints,
    SnapshotEndpoints,
    DashboardEndpoints,
    CorrectiveActionEndpoints,
    AuditEndpoints,
    EventEndpoints,
):
    service = "reporting"


__all__ = ["MoneyDTO", "PortfolioSummaryDTO", "ReportingClient"]
