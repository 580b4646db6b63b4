"""Document URLs in the schema: a project's status report and charts, a portfolio's
exports, absolute on the reporting service's public base URL, and served there."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from services.gateway.config import GatewaySettings
from tests.gateway.conftest import GatewayFactory, Seed

PUBLIC = "https://reports.pmo.example/api"
LINKS = """
query($id: ID!) {
  portfolio(id: $id) {
    exportLinks { projectsCsv projectsXlsx }
    approved: exportLinks(status: [APPROVED, ACTIVE]) { projectsCsv }
    projects(first: 5) {
      edges { node { id reportLinks { statusReportPdf ganttSvg sCurveSvg ragTrendSvg } } }
    }
  }
}
"""
WITHOUT_LINKS = """
query($id: ID!) { portfolio(id: $id) { projects(first: 5) { edges { node { id } } } } }
"""


def _settings(**changes: object) -> GatewaySettings:
    base = {
        "projects_url": "http://projects",
        "governance_url": "http://governance",
        "reporting_url": "http://reporting",
        "upstream_retries": 0,
    }
    return GatewaySettings(**{**base, **changes})  # type: ignore[arg-type]


async def test_links_are_absolute_on_the_public_base_url_and_cost_no_call(
    gateway_factory: GatewayFactory, seed_portfolio: Seed
) -> None:
    portfolio, [project] = await seed_portfolio(projects=1)
    async with gateway_factory(settings=_settings(reporting_public_url=PUBLIC + "/")) as gateway:
        answer = await gateway.query(LINKS, {"id": str(portfolio.id)})
        with_links = gateway.calls()
        gateway.reset_calls()
        await gateway.query(WITHOUT_LINKS, {"id": str(portfolio.id)})
        assert gateway.calls() == with_links  # the links are built, not fetched
    assert "errors" not in answer, answer
    data = answer["data"]["portfolio"]
    exports = f"{PUBLIC}/v1/portfolios/{portfolio.id}/projects"
    assert data["exportLinks"] == {
        "projectsCsv": f"{exports}.csv",
        "projectsXlsx": f"{exports}.xlsx",
    }
    assert data["approved"]["projectsCsv"] == f"{exports}.csv?status=approved&status=active"
    documents = f"{PUBLIC}/v1/projects/{project.id}"
    assert data["projects"]["edges"][0]["node"]["reportLinks"] == {
        "statusReportPdf": f"{documents}/status-report.pdf",
        "ganttSvg": f"{documents}/charts/gantt.svg",
        "sCurveSvg": f"{documents}/charts/s-curve.svg",
        "ragTrendSvg": f"{documents}/charts/rag-trend.svg",
    }


async def test_without_a_public_url_links_use_the_reporting_url_and_are_served(
    gateway_factory: GatewayFactory, seed_portfolio: Seed, upstream_apps, admin_token: str
) -> None:
    portfolio, _ = await seed_portfolio(projects=2)
    async with gateway_factory() as gateway:
        answer = await gateway.query(LINKS, {"id": str(portfolio.id)})
    data = answer["data"]["portfolio"]
    links = [data["exportLinks"]["projectsCsv"], data["exportLinks"]["projectsXlsx"]]
    for edge in data["projects"]["edges"]:
        report = edge["node"]["reportLinks"]
        links += [report[k] for k in ("ganttSvg", "sCurveSvg", "ragTrendSvg", "statusReportPdf")]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=upstream_apps["reporting"]),
        base_url="http://reporting",
        headers={"authorization": f"Bearer {admin_token}"},
    ) as reporting:
        for link in links:
            assert link.startswith("http://reporting/v1/")
            response = await reporting.get(urlsplit(link).path)
            assert response.status_code == 200, (link, response.text[:300])
