"""Export a stored project as MSPDI; importing the export gives back the same schedule."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree

import httpx
import pytest

from services.projects.interchange import read_mspdi, scheduled_tasks
from tests.projects.factories import auth, create_project
from tests.projects.interchange.test_mspdi_import import DATA, all_tasks, import_file

NS = {"p": "http://schemas.microsoft.com/project"}
COMPUTED = (
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float_days",
    "free_float_days",
    "critical",
    "is_summary",
    "is_milestone",
    "parent_wbs",
)

BASELINED = b"""<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>Baselined</Name><StartDate>2025-01-06T08:00:00</StartDate>
  <Calendars><Calendar><UID>1</UID><Name>Standard</Name><Exceptions><Exception>
    <TimePeriod><FromDate>2025-01-08T00:00:00</FromDate><ToDate>2025-01-08T23:59:00</ToDate>
    </TimePeriod><Type>1</Type><DayWorking>0</DayWorking></Exception></Exceptions>
  </Calendar></Calendars><CalendarUID>1</CalendarUID>
  <Tasks>
    <Task><UID>1</UID><Name>Design</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT16H0M0S</Duration><PercentComplete>50</PercentComplete>
      <ActualStart>2025-01-06T08:00:00</ActualStart>
      <Baseline><Number>0</Number><Start>2025-01-06T08:00:00</Start>
        <Finish>2025-01-07T17:00:00</Finish><Duration>PT16H0M0S</Duration><Cost>150000</Cost>
      </Baseline></Task>
    <Task><UID>2</UID><Name>Build</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT24H0M0S</Duration><ConstraintType>4</ConstraintType>
      <ConstraintDate>2025-01-13T08:00:00</ConstraintDate>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type>
        <LinkLag>4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink>
      <Baseline><Number>0</Number><Start>2025-01-08T08:00:00</Start>
        <Finish>2025-01-10T17:00:00</Finish><Duration>PT24H0M0S</Duration></Baseline></Task>
  </Tasks>
</Project>"""


def _by_wbs(tasks: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    wbs_of = {t["id"]: t["wbs_code"] for t in tasks}
    return {
        (t["wbs_code"], t["name"]): {
            **{k: t[k] for k in COMPUTED if k != "parent_wbs"},
            "parent_wbs": wbs_of.get(t["parent_id"]),
        }
        for t in tasks
    }


async def _export(client: httpx.AsyncClient, project_id: str) -> bytes:
    response = await client.get(f"/v1/projects/{project_id}/export/mspdi")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    return response.content


@pytest.mark.parametrize(
    "name", ["task-links-2010.xml", "mspdirelations.xml", "generated/generated-7.xml"]
)
async def test_export_then_import_gives_the_same_schedule(
    client: httpx.AsyncClient, name: str
) -> None:
    first = await import_file(client, (DATA / name).read_bytes())
    assert first.status_code == 201, first.text
    exported = await _export(client, first.json()["id"])
    second = await import_file(client, exported)
    assert second.status_code == 201, second.text
    assert second.json()["counts"] == first.json()["counts"]
    before = _by_wbs(await all_tasks(client, first.json()["id"]))
    after = _by_wbs(await all_tasks(client, second.json()["id"]))
    assert after == before


async def test_export_writes_mspdi_codes(client: httpx.AsyncClient) -> None:
    created = await import_file(client, BASELINED)
    assert created.status_code == 201, created.text
    assert created.json()["counts"]["baselines"] == 1
    root = ElementTree.fromstring(await _export(client, created.json()["id"]))
    build = root.findall("p:Tasks/p:Task", NS)[1]
    assert build.findtext("p:Name", namespaces=NS) == "Build"
    assert build.findtext("p:Duration", namespaces=NS) == "PT24H0M0S"
    assert build.findtext("p:ConstraintType", namespaces=NS) == "4"
    assert build.findtext("p:ConstraintDate", namespaces=NS) == "2025-01-13T08:00:00"
    link = build.find("p:PredecessorLink", NS)
    assert link is not None
    assert link.findtext("p:Type", namespaces=NS) == "3"
    assert link.findtext("p:LinkLag", namespaces=NS) == "4800"
    assert link.findtext("p:LagFormat", namespaces=NS) == "7"
    holiday = root.find("p:Calendars/p:Calendar/p:Exceptions/p:Exception/p:TimePeriod", NS)
    assert holiday is not None
    assert holiday.findtext("p:FromDate", namespaces=NS) == "2025-01-08T00:00:00"


async def test_baselines_progress_and_calendar_round_trip(client: httpx.AsyncClient) -> None:
    created = await import_file(client, BASELINED)
    assert created.status_code == 201, created.text
    exported = read_mspdi(await _export(client, created.json()["id"]))
    original = read_mspdi(BASELINED)
    for mine, theirs in zip(scheduled_tasks(exported), scheduled_tasks(original), strict=True):
        assert mine.baselines == theirs.baselines
        assert mine.percent_complete == theirs.percent_complete
        assert mine.actual_start == theirs.actual_start
        assert [(p.type, p.lag_days) for p in mine.predecessors] == [
            (p.type, p.lag_days) for p in theirs.predecessors
        ]
    holidays = {d for c in exported.calendars for d in c.non_working_dates}
    assert holidays == {d for c in original.calendars for d in c.non_working_dates}


PROGRESS = b"""<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>Progress</Name><StartDate>2025-01-06T08:00:00</StartDate>
  <StatusDate>2025-01-08T17:00:00</StatusDate>
  <Tasks>
    <Task><UID>1</UID><Name>Phase</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary>
      <Duration>PT48H0M0S</Duration></Task>
    <Task><UID>2</UID><Name>Done</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT16H0M0S</Duration><PercentComplete>100</PercentComplete>
      <ActualStart>2025-01-06T08:00:00</ActualStart>
      <ActualFinish>2025-01-07T17:00:00</ActualFinish></Task>
    <Task><UID>3</UID><Name>Started</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT32H0M0S</Duration><PercentComplete>25</PercentComplete>
      <ActualStart>2025-01-06T08:00:00</ActualStart></Task>
    <Task><UID>4</UID><Name>Gate</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT0H0M0S</Duration><Milestone>1</Milestone></Task>
    <Task><UID>5</UID><Name>Later</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT24H0M0S</Duration></Task>
  </Tasks>
</Project>"""


def _durations(document: bytes) -> list[tuple[str | None, ...]]:
    """(name, Duration, ActualDuration, RemainingDuration) of every task but the project's
    own row (UID 0), in file order."""
    root = ElementTree.fromstring(document)
    fields = ("Name", "Duration", "ActualDuration", "RemainingDuration")
    return [
        tuple(task.findtext(f"p:{field}", namespaces=NS) for field in fields)
        for task in root.findall("p:Tasks/p:Task", NS)
        if task.findtext("p:OutlineLevel", namespaces=NS) != "0"
    ]


async def test_export_writes_actual_and_remaining_duration_on_every_task(
    client: httpx.AsyncClient,
) -> None:
    created = await import_file(client, PROGRESS)
    assert created.status_code == 201, created.text
    assert _durations(await _export(client, created.json()["id"])) == [
        # A summary at 0 % as MS Project writes one: nothing done, all of its span left
        # (4 days: the file's status-date options are all off, so "Started" goes on right
        # after its completed day, as MS Project schedules it, not after the status date).
        ("Phase", "PT32H0M0S", "PT0H0M0S", "PT32H0M0S"),
        ("Done", "PT16H0M0S", "PT16H0M0S", "PT0H0M0S"),
        ("Started", "PT32H0M0S", "PT8H0M0S", "PT24H0M0S"),  # 25 % of 4 days
        ("Gate", "PT0H0M0S", "PT0H0M0S", "PT0H0M0S"),
        ("Later", "PT24H0M0S", "PT0H0M0S", "PT24H0M0S"),
    ]


@pytest.mark.parametrize("name", ["task-links-2019.xml", "mspdirelations.xml"])
async def test_export_writes_the_durations_ms_project_wrote(
    client: httpx.AsyncClient, name: str
) -> None:
    """The files MS Project saved carry ActualDuration and RemainingDuration on every task:
    exporting their import gives each task the same values."""
    original = (DATA / name).read_bytes()
    created = await import_file(client, original)
    assert created.status_code == 201, created.text
    assert _durations(await _export(client, created.json()["id"])) == _durations(original)


async def test_export_of_unknown_project_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/projects/00000000-0000-0000-0000-000000000000/export/mspdi")
    assert response.status_code == 404


async def test_only_those_who_may_read_the_project_may_export_it(
    client: httpx.AsyncClient, make_token: Callable[..., str]
) -> None:
    """An export is the whole plan: a caller without a role on the project gets the same 404
    as for a missing project, and a viewer may export it."""
    project = await create_project(client)
    outsider = await client.get(
        f"/v1/projects/{project['id']}/export/mspdi", headers=auth(make_token("member"))
    )
    assert outsider.status_code == 404
    assert outsider.headers["content-type"] == "application/problem+json"
    viewer = make_token("member", sub=f"viewer-{project['id']}")
    added = await client.post(
        f"/v1/projects/{project['id']}/members",
        json={"user_id": f"viewer-{project['id']}", "role": "viewer"},
    )
    assert added.status_code == 201, added.text
    allowed = await client.get(f"/v1/projects/{project['id']}/export/mspdi", headers=auth(viewer))
    assert allowed.status_code == 200
    assert read_mspdi(allowed.content).name == project["name"]
