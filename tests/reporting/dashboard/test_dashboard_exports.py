"""The dashboard's per-project table as CSV and XLSX, written by the exports' generic
writers: the same rows as the JSON answer's ``projects``, typed cells in the workbook."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import httpx
from fastapi import FastAPI
from openpyxl import load_workbook

from tests.reporting.dashboard.factories import AS_OF, arrange_portfolio, reporting_with
from tests.reporting.dashboard.test_dashboard_upstreams import closed_port_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_csv_and_xlsx_hold_the_project_table(
    projects, governance, reporting, reporting_app: FastAPI, governance_token: str
) -> None:
    arranged = await arrange_portfolio(
        projects, governance, reporting, reporting_app, governance_token
    )
    one, two, three = arranged.projects
    url = f"/v1/portfolios/{arranged.portfolio_id}/dashboard"

    as_csv = await reporting.get(f"{url}.csv", params={"as_of": AS_OF})
    as_xlsx = await reporting.get(f"{url}.xlsx", params={"as_of": AS_OF})

    assert as_csv.status_code == 200, as_csv.text
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "dashboard-missing-parts" not in as_csv.headers
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert [row["Code"] for row in rows] == [one["code"], two["code"], three["code"]]
    first = rows[0]
    assert (first["RAG"], first["Worse than a week before"], first["RAG a week before"]) == (
        "red",
        "yes",
        "green",
    )
    assert (first["Budget"], first["Actual cost"], first["EAC"]) == ("1000.00", "100.00", "1200.50")
    assert (first["Compliance"], first["Gates pending"], first["Open risks"]) == ("100.0", "0", "1")
    assert (rows[1]["Worse than a week before"], rows[1]["Gates pending"]) == ("no", "1")
    assert (rows[2]["RAG"], rows[2]["Worse than a week before"], rows[2]["EAC"]) == ("", "", "")

    assert as_xlsx.status_code == 200, as_xlsx.text
    assert as_xlsx.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(as_xlsx.content), read_only=True).active
    table = list(sheet.iter_rows(values_only=True))
    header, cells = table[0], dict(zip(table[0], table[1], strict=True))
    assert header[:5] == ("Code", "Name", "Status", "Phase", "RAG") and len(table) == 4
    assert cells["Budget"] == 1000 and cells["EAC"] == 1200.5
    assert cells["Compliance"] == 1.0  # a percentage cell: 100 %
    assert cells["Health as of"] == datetime(2025, 1, 6)
    assert cells["Gates pending"] == 0 and cells["Id"] == one["id"]
    assert isinstance(cells["Open risks"], int | float) and cells["Open risks"] == 1


async def test_exports_say_what_is_missing(
    projects,
    governance,
    reporting,
    reporting_app: FastAPI,
    projects_app: FastAPI,
    database_urls,
    admin_token,
    governance_token,
) -> None:
    arranged = await arrange_portfolio(
        projects, governance, reporting, reporting_app, governance_token
    )
    async with reporting_with(
        database_urls,
        admin_token,
        projects=httpx.ASGITransport(app=projects_app),
        governance_url=closed_port_url(),
    ) as without_governance:
        as_csv = await without_governance.get(
            f"/v1/portfolios/{arranged.portfolio_id}/dashboard.csv"
        )

    assert as_csv.status_code == 200, as_csv.text
    assert as_csv.headers["dashboard-missing-parts"] == "gates,compliance"
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert len(rows) == 3 and {row["Gates pending"] for row in rows} == {""}


async def test_no_file_without_the_projects(database_urls, governance_app, admin_token) -> None:
    async with reporting_with(
        database_urls,
        admin_token,
        projects_url=closed_port_url(),
        governance=httpx.ASGITransport(app=governance_app),
    ) as reporting:
        for suffix in ("csv", "xlsx"):
            response = await reporting.get(
                f"/v1/portfolios/00000000-0000-4000-8000-000000000000/dashboard.{suffix}"
            )
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert "projects is unreachable" in response.json()["detail"]
