"""Jobs outlive the process that queued them: a job queued while no worker runs is done
by the next worker that starts; one whose worker died is taken again, and failed clearly
once it has used its attempts."""

from __future__ import annotations

import asyncio
import secrets
import uuid

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import text

from services.projects.config import ProjectsSettings
from services.projects.levelling.service import preview
from services.projects.main import create_app
from tests.projects.factories import add_task, create_project
from tests.projects.levelling_api.factories import make_assignment, person, wait_for_job

MONDAY = "2027-01-04"
QUEUE = f"restart_test_{secrets.token_hex(4)}"


def _app(database_urls: dict[str, str], worker: bool) -> FastAPI:
    return create_app(
        ProjectsSettings(
            database_url=database_urls["projects"],
            jobs_worker=worker,
            jobs_heartbeat_seconds=1,
            # A queue of their own: the test session's app runs a worker that must not take
            # these jobs before the "dead worker" is staged.
            jobs_queue=QUEUE,
        )
    )


async def _queue_one(app: FastAPI, token: str) -> tuple[str, str]:
    transport = httpx.ASGITransport(app=app)
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        someone = await person(c)
        project = await create_project(c, start_date=MONDAY)
        for name in ("A", "B"):
            task = await add_task(c, project["id"], name=name, duration_days="1")
            await make_assignment(c, task, someone)
        answer = await c.post(f"/v1/projects/{project['id']}/levelling-previews", json={})
        assert answer.status_code == 202, answer.text
        return answer.json()["id"], answer.headers["location"]


async def _simulate_dead_worker(app: FastAPI, job_id: str, attempts: int) -> None:
    """What a worker killed mid-job leaves: the entry picked with a stale heartbeat, the
    job running."""
    async with app.state.sessionmaker() as session, session.begin():
        await session.execute(
            text(
                "UPDATE pgqueuer SET status = 'picked', heartbeat = now() - interval '1 hour', "
                "queue_manager_id = gen_random_uuid() WHERE payload = :payload"
            ),
            {"payload": uuid.UUID(job_id).bytes},
        )
        await session.execute(
            text("UPDATE jobs SET state = 'running', attempts = :n WHERE id = :id"),
            {"n": attempts, "id": job_id},
        )


async def test_a_job_queued_without_worker_runs_when_one_starts(
    database_urls: dict[str, str], admin_token: str
) -> None:
    producer = _app(database_urls, worker=False)
    async with LifespanManager(producer):
        job_id, location = await _queue_one(producer, admin_token)
        transport = httpx.ASGITransport(app=producer)
        headers = {"authorization": f"Bearer {admin_token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=headers
        ) as c:
            queued = (await c.get(location)).json()
            assert queued["state"] == "queued" and queued["progress"] == 0
            await _simulate_dead_worker(producer, job_id, attempts=1)
            consumer = _app(database_urls, worker=True)
            async with LifespanManager(consumer):
                done = await wait_for_job(c, location)
            # Any replica answers: the producer (no worker) reads the row the consumer wrote.
            assert done["state"] == "succeeded", done
            assert done["attempts"] == 2 and done["progress"] == 1
            assert len(done["result"]["moved_tasks"]) == 1


async def test_a_job_whose_worker_died_too_often_fails_clearly(
    database_urls: dict[str, str], admin_token: str
) -> None:
    producer = _app(database_urls, worker=False)
    async with LifespanManager(producer):
        job_id, location = await _queue_one(producer, admin_token)
        await _simulate_dead_worker(producer, job_id, attempts=2)
        consumer = _app(database_urls, worker=True)
        transport = httpx.ASGITransport(app=producer)
        headers = {"authorization": f"Bearer {admin_token}"}
        async with (
            LifespanManager(consumer),
            httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c,
        ):
            done = await wait_for_job(c, location)
        assert done["state"] == "failed", done
        assert done["error"]["code"] == "worker_lost" and done["result"] is None


async def test_a_small_plan_previews_synchronously(
    projects_app: FastAPI, http: httpx.AsyncClient
) -> None:
    someone = await person(http)
    project = await create_project(http, start_date=MONDAY)
    for name in ("A", "B"):
        task = await add_task(http, project["id"], name=name, duration_days="1")
        await make_assignment(http, task, someone)
    async with projects_app.state.sessionmaker() as session, session.begin():
        result = await preview(session, [uuid.UUID(project["id"])])
    assert result["status"] == "optimal" and result["delay_days"] == 1
    assert len(result["moved_tasks"]) == 1
    await asyncio.sleep(0)
