"""A committed plan write whose ``changedTasks`` cannot be read afterwards: the mutation
answers its node with no changed tasks (the client refetches), not an error a client
would answer by retrying a write that already happened."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from tests.gateway.conftest import GatewayFactory, uuid_of
from tests.gateway.mutation_calls import CHANGED, ok
from tests.gateway.test_plan_mutations import _plan

TASK_LIST = re.compile(r"^/v1/projects/[^/]+/tasks$")


class TaskListDownAfterWrite(httpx.AsyncBaseTransport):
    """The real projects service, except that once ``armed`` and a PATCH went through,
    listing a project's tasks answers 503 (the service went down between write and read)."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.armed = False
        self.written = False
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.written and request.method == "GET" and TASK_LIST.match(request.url.path):
            self.refused += 1
            return httpx.Response(503, json={"title": "Service Unavailable", "status": 503})
        response = await self.inner.handle_async_request(request)
        if self.armed and request.method == "PATCH" and response.status_code < 300:
            self.written = True
        return response


async def test_a_committed_update_answers_its_task_when_the_moved_tasks_cannot_be_read(
    gateway_factory: GatewayFactory, projects_app: FastAPI, projects_http: httpx.AsyncClient
) -> None:
    projects = TaskListDownAfterWrite(projects_app)
    async with gateway_factory(projects=projects) as gateway:
        _, tasks = await _plan(gateway)
        a = tasks["A"]
        projects.armed = True
        longer = await ok(
            gateway,
            "updateTask",
            f"task {{ id durationDays version }} {CHANGED}",
            id=a["id"],
            durationDays="4",
        )
    assert projects.written and projects.refused >= 1  # the read after the write did fail
    assert longer["task"]["id"] == a["id"]
    assert longer["task"]["durationDays"] == 4
    assert longer["changedTasks"] == []
    stored = await projects_http.get(f"/v1/tasks/{uuid_of(a['id'])}")
    assert stored.status_code == 200, stored.text
    assert float(stored.json()["duration_days"]) == 4
    assert stored.json()["version"] == longer["task"]["version"] > a["version"]
