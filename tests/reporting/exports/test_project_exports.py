from __future__ import annotations

import csv
import io
import secrets
import uuid
from datetime import date, datetime

import httpx
import pytest
from asgi_lifespan import LifespanManager
from openpyxl import load_workbook

from services.reporting.main import create_app
from tests.projects.factories import through_gate
from tests.reporting.broken_upstream import (
    failing,
    refused,
    reporting_with_upstreams,
    unavailable,
)
from tests.reporting.conftest import reporting_settings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _portfolio(projects: httpx.AsyncClient, count: int, governance_token: str) -> dict:
    """``count`` projects; every third approved; one with a name a spreadsheet would run."""
    portfolio = (await projects.post("/v1/portfolios", json={"name": "Exports [Q3]"})).json()
    for number in range(count):
        body = {
            "code": f"X{number:04d}-{secrets.token_hex(2)}",
            "name": "=HYPERLINK(1)" if number == 0 else f"Project {number}",
            "portfolio_id": portfolio["id"],
            "budget": f"{1000 + number}.25",
            "currency": "EUR",
            "manager": "Ann",
            "start_date": "2026-01-05",
            "target_date": "2026-12-18",
        }
        project = (await projects.post("/v1/projects", json=body)).json()
        if number % 3 == 0:
            await through_gate(projects, project["id"], governance_token)
    return portfolio


def _csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


async def test_csv_lists_every_project_across_pages(
    projects, projects_app, database_urls, admin_token, governance_token
) -> None:
    # Pages of 2 from the projects service: the export must follow the cursor to the end.
    settings = reporting_settings(database_urls).model_copy(update={"export_page_size": 2})
    app = create_app(settings, projects_transport=httpx.ASGITransport(app=projects_app))
    portfolio = await _portfolio(projects, 5, governance_token)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://test",
            headers={"authorization": f"Bearer {admin_token}"},
        ) as reporting,
    ):
        response = await reporting.get(f"/v1/portfolios/{portfolio['id']}/projects.csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv_rows(response)
    assert len(rows) == 5
    assert rows[1]["Name"] == "Project 1" and rows[1]["Budget"] == "1001.25"
    assert rows[1]["Start"] == "2026-01-05" and rows[1]["Currency"] == "EUR"
    assert {r["Status"] for r in rows} == {"approved", "proposed"}
    assert response.content.startswith(b"Code,Name,Status,Phase,")


async def test_csv_text_that_looks_like_a_formula_is_quoted(
    projects, reporting, governance_token
) -> None:
    portfolio = await _portfolio(projects, 1, governance_token)
    response = await reporting.get(f"/v1/portfolios/{portfolio['id']}/projects.csv")
    assert _csv_rows(response)[0]["Name"] == "'=HYPERLINK(1)"


async def test_filters_are_those_of_the_projects_list(
    projects, reporting, governance_token
) -> None:
    portfolio = await _portfolio(projects, 6, governance_token)
    url = f"/v1/portfolios/{portfolio['id']}/projects.csv"
    approved = _csv_rows(await reporting.get(url, params={"status": "approved"}))
    assert [r["Name"] for r in approved] == ["'=HYPERLINK(1)", "Project 3"]
    by_name = _csv_rows(await reporting.get(url, params={"sort": "-name", "q": "Project"}))
    assert [r["Name"] for r in by_name] == [f"Project {n}" for n in (5, 4, 3, 2, 1)]


async def test_xlsx_has_typed_cells_a_bold_frozen_header_and_widths(
    projects, reporting, governance_token
) -> None:
    portfolio = await _portfolio(projects, 4, governance_token)
    response = await reporting.get(f"/v1/portfolios/{portfolio['id']}/projects.xlsx")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert int(response.headers["content-length"]) == len(response.content)
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == "Exports  Q3"  # [ and ] are not allowed in sheet names
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Code", "Name", "Status", "Phase"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert len(rows) == 4
    second = rows[1]
    assert second["Name"] == "Project 1"  # text is text: the formula-like name too
    assert rows[0]["Name"] == "=HYPERLINK(1)" and sheet["B2"].data_type == "s"
    assert second["Budget"] == 1001.25 and isinstance(second["Budget"], float)
    assert second["Start"] == datetime(2026, 1, 5) and sheet["H3"].is_date
    assert sheet["L3"].number_format == "#,##0.00"
    assert date.fromisoformat("2026-12-18") == second["Target"].date()


async def test_an_empty_portfolio_exports_only_the_header(projects, reporting) -> None:
    portfolio = (await projects.post("/v1/portfolios", json={"name": "Empty"})).json()
    text = await reporting.get(f"/v1/portfolios/{portfolio['id']}/projects.csv")
    assert text.status_code == 200 and _csv_rows(text) == []
    book = await reporting.get(f"/v1/portfolios/{portfolio['id']}/projects.xlsx")
    assert load_workbook(io.BytesIO(book.content)).active.max_row == 1


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
async def test_unknown_portfolio_is_a_404_problem(reporting, extension) -> None:
    response = await reporting.get(f"/v1/portfolios/{uuid.uuid4()}/projects.{extension}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_bad_filter_is_a_422_problem_before_any_row(projects, reporting) -> None:
    portfolio = (await projects.post("/v1/portfolios", json={"name": "Bad"})).json()
    url = f"/v1/portfolios/{portfolio['id']}/projects.csv"
    for params in ({"status": "lost"}, {"sort": "budget"}):
        response = await reporting.get(url, params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


async def test_a_member_exports_only_the_projects_they_see(
    projects, reporting, make_token, governance_token
) -> None:
    portfolio = await _portfolio(projects, 3, governance_token)
    member = {"authorization": f"Bearer {make_token('member')}"}
    url = f"/v1/portfolios/{portfolio['id']}/projects.csv"
    response = await reporting.get(url, headers=member)
    assert response.status_code == 200 and _csv_rows(response) == []


@pytest.mark.parametrize(
    ("handler", "status"), [(refused, 502), (failing, 502), (unavailable, 503)]
)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
async def test_projects_service_down_is_a_problem(
    database_urls, admin_token, handler, status, extension
) -> None:
    async with reporting_with_upstreams(database_urls["reporting"], admin_token, handler) as http:
        response = await http.get(f"/v1/portfolios/{uuid.uuid4()}/projects.{extension}")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


async def test_progress_and_earned_value_come_from_the_projects_metrics(
    projects, reporting
) -> None:
    portfolio = (await projects.post("/v1/portfolios", json={"name": "Progress"})).json()
    body = {
        "code": f"PR-{secrets.token_hex(3)}",
        "name": "Half done",
        "portfolio_id": portfolio["id"],
    }
    project = (await projects.post("/v1/projects", json=body)).json()
    for percent in ("100", "50"):
        task = {"name": "t", "duration_days": "4", "percent_complete": percent}
        assert (
            await projects.post(f"/v1/projects/{project['id']}/tasks", json=task)
        ).status_code == 201
    metrics = (
        await projects.get("/v1/project-metrics", params={"project_ids": project["id"]})
    ).json()["items"][0]
    assert metrics["percent_complete"] is not None
    url = f"/v1/portfolios/{portfolio['id']}/projects"
    [row] = _csv_rows(await reporting.get(f"{url}.csv"))
    assert row["Percent complete"] == metrics["percent_complete"]
    assert row["SPI"] == (metrics["evm"]["spi"] or "") and row["EAC"] == metrics["evm"]["eac"]
    sheet = load_workbook(io.BytesIO((await reporting.get(f"{url}.xlsx")).content)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Percent complete") + 1)
    assert cell.value == float(metrics["percent_complete"]) / 100 and cell.number_format == "0.0%"


async def test_an_upstream_failure_after_the_first_page_cuts_the_stream(
    projects, projects_app, database_urls, admin_token, governance_token
) -> None:
    """The first page is read before the answer starts; a later page that fails cannot
    become a problem any more, so the transfer breaks off rather than end like a whole
    (shorter) file."""
    portfolio = await _portfolio(projects, 3, governance_token)
    to_projects = httpx.ASGITransport(app=projects_app)

    async def second_page_fails(request: httpx.Request) -> httpx.Response:
        if "cursor" in request.url.params:
            return httpx.Response(503, json={"title": "Service Unavailable", "status": 503})
        return await to_projects.handle_async_request(request)

    settings = reporting_settings(database_urls).model_copy(
        update={"export_page_size": 2, "projects_url": "http://projects"}
    )
    app = create_app(settings, projects_transport=httpx.MockTransport(second_page_fails))
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://test",
            headers={"authorization": f"Bearer {admin_token}"},
        ) as reporting,
    ):
        # In process the app's error reaches the client; a server drops the connection.
        with pytest.raises(RuntimeError, match="response already started"):
            await reporting.get(f"/v1/portfolios/{portfolio['id']}/projects.csv")
        book = await reporting.get(f"/v1/portfolios/{portfolio['id']}/projects.xlsx")
    # The workbook is complete before a byte is sent: its failure is still a problem.
    assert book.status_code == 503
    assert book.headers["content-type"] == "application/problem+json"
