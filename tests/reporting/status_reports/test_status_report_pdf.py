from __future__ import annotations

import uuid

import pytest

from tests.reporting.broken_upstream import refused, reporting_with_upstreams, unavailable
from tests.reporting.pdf_pages import first_page, has_colour, inked_share
from tests.reporting.planned_project import planned_project

RAG_RGB = {"red": (0xD6, 0x27, 0x28), "amber": (0xF0, 0xA2, 0x02), "green": (0x2C, 0xA0, 0x2C)}
PLANNED_VALUE_BLUE = (0x4C, 0x78, 0xA8)


def _flat(text: str) -> str:
    """The page's text with its line breaks as spaces (table cells wrap)."""
    return " ".join(text.split())


RISKS = [
    ("Vendor late", 4, 4, "open"),
    ("Key person leaves", 2, 5, "open"),
    ("Scope creep", 3, 3, "open"),
    ("Budget cut", 5, 4, "closed"),
    ("Test data missing", 2, 2, "open"),
    ("Licence audit", 1, 3, "open"),
    ("Office move", 1, 1, "open"),
]


async def _reported_project(projects, name: str = "Status report ÄØ project"):
    plan = await planned_project(projects, name=name)
    base = f"/v1/projects/{plan.id}"
    for title, probability, impact, status in RISKS:
        body = {"title": title, "probability": probability, "impact": impact, "status": status}
        assert (await projects.post(f"{base}/risks", json=body)).status_code == 201
    update = {
        "as_of": "2026-03-27",
        "overall_rag": "amber",
        "schedule_rag": "red",
        "cost_rag": "green",
        "scope_rag": "green",
        "risk_rag": "amber",
        "narrative": "Build slipped <one week>; recovery plan & new vendor agreed.",
    }
    assert (await projects.post(f"{base}/status-updates", json=update)).status_code == 201
    settings = {"status_date": "2026-03-30"}
    assert (await projects.patch(f"{base}/schedule-settings", json=settings)).status_code == 200
    return plan


async def test_the_report_is_one_page_with_the_name_rag_risks_and_narrative(
    projects, reporting
) -> None:
    plan = await _reported_project(projects)
    response = await reporting.get(f"/v1/projects/{plan.id}/status-report.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    health = (await reporting.get(f"/v1/projects/{plan.id}/health")).json()
    page = first_page(response.content)
    assert page.count == 1
    assert inked_share(page.image) > 0.02, "the page is blank"
    text = _flat(page.text)
    # The name, then the colour shown (the computed health, as the health endpoint says),
    # drawn in its colour, with every dimension and the reasons behind it.
    assert text.startswith(f"{plan.name} {health['effective'].upper()} Code {plan.code}")
    assert has_colour(page.image, RAG_RGB[health["effective"]])
    for dimension in health["dimensions"]:
        name = dimension["name"].replace("_", " ").capitalize()
        assert f"{name} {dimension['rag'].upper()}" in text
        assert all(_flat(r["message"]) in text for r in dimension["reasons"] if r["rag"] == "red")
    assert "Reported by the manager on 2026-03-27: AMBER." in text
    # The top five open risks by score: the closed one and the smallest left out.
    assert "Vendor late" in text and "Licence audit" in text
    assert "Budget cut" not in text and "Office move" not in text
    assert text.index("Vendor late") < text.index("Key person leaves") < text.index("Scope creep")
    assert "Build slipped <one week>; recovery plan & new vendor agreed." in text
    assert "Overdue" in text and "Handover" in text  # due 2026-03-25, status date 03-30
    # Earned value against baseline 0 (budgets of 20,000 EUR), and its S-curve drawn.
    assert "Budget at completion (BAC) 20,000.00 EUR" in text
    assert "Against baseline 0" in text and "SPI" in text
    assert has_colour(page.image, PLANNED_VALUE_BLUE), "the S-curve's planned value line"


async def test_a_bare_project_still_gets_its_page(projects, reporting) -> None:
    code = f"BARE-{uuid.uuid4().hex[:6]}"
    project = (await projects.post("/v1/projects", json={"code": code, "name": "Bare"})).json()
    response = await reporting.get(f"/v1/projects/{project['id']}/status-report.pdf")
    assert response.status_code == 200, response.text
    health = (await reporting.get(f"/v1/projects/{project['id']}/health")).json()
    page = first_page(response.content)
    assert page.count == 1 and page.text.startswith(f"Bare {health['effective'].upper()}")
    assert "No open risks." in page.text and "No status update yet." in page.text
    assert "No baseline yet" in page.text
    assert not has_colour(page.image, PLANNED_VALUE_BLUE), "no S-curve without a baseline"


async def test_a_long_report_shrinks_to_one_page(projects, reporting) -> None:
    plan = await planned_project(projects, name="Long")
    for _ in range(5):
        body = {"title": "A risk with a long title " * 12, "probability": 5, "impact": 5}
        assert (await projects.post(f"/v1/projects/{plan.id}/risks", json=body)).status_code == 201
    update = {
        "as_of": "2026-03-27",
        **{f"{d}_rag": "red" for d in ("overall", "schedule", "cost", "scope", "risk")},
        "narrative": "Many words. " * 400,
    }
    answer = await projects.post(f"/v1/projects/{plan.id}/status-updates", json=update)
    assert answer.status_code == 201
    response = await reporting.get(f"/v1/projects/{plan.id}/status-report.pdf")
    page = first_page(response.content)
    assert page.count == 1 and page.text.startswith("Long ")
    assert "Many words." in page.text and "A risk with a long title" in page.text


async def test_unknown_project_is_a_404_problem(reporting) -> None:
    response = await reporting.get(f"/v1/projects/{uuid.uuid4()}/status-report.pdf")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("handler", "status"), [(refused, 502), (unavailable, 503)])
async def test_projects_service_down_is_a_problem(
    database_urls, admin_token, handler, status
) -> None:
    async with reporting_with_upstreams(database_urls["reporting"], admin_token, handler) as http:
        response = await http.get(f"/v1/projects/{uuid.uuid4()}/status-report.pdf")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
