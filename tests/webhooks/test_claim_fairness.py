"""A subscription with a backlog does not make the others wait: a claim takes at most
``max_in_flight_per_subscription`` of one subscription's deliveries (less those it has
leased), so another subscription's single event goes out in the same claim round."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.webhooks.dispatcher import Dispatcher
from tests.webhooks.conftest import webhook_settings
from tests.webhooks.helpers import hook_name, new_project, new_task, projects_repository, subscribe
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")
BACKLOG = 12
PER_SUBSCRIPTION = 3


async def test_a_backlog_leaves_room_in_the_claim_for_another_subscription(
    engine: AsyncEngine,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
) -> None:
    busy_project, quiet_project = await new_project(projects), await new_project(projects)
    busy, quiet = receiver.url(hook_name()), receiver.url(hook_name())
    await subscribe(projects, busy, project_id=busy_project["id"], event_types=["task.created"])
    await subscribe(projects, quiet, project_id=quiet_project["id"], event_types=["task.created"])
    for _ in range(BACKLOG):
        await new_task(projects, busy_project["id"])
    await new_task(projects, quiet_project["id"])  # fell due after the whole backlog
    repository = projects_repository()
    fan_out = Dispatcher(engine, webhook_databases["projects"], repository, webhook_settings(), "")
    while await fan_out.fan_out():
        pass
    rounds: list[Counter[str]] = []
    claimed = []
    async with engine.begin() as db:
        for _ in range(2):
            rows = await repository.claim(db, 30.0, 2 * PER_SUBSCRIPTION, PER_SUBSCRIPTION)
            rounds.append(Counter(row["url"] for row in rows))
            claimed += rows
        await repository.release(db, [(row["id"], row["leased_until"]) for row in claimed])
    first, second = rounds
    assert first[quiet] == 1  # not behind the backlog
    assert first[busy] == PER_SUBSCRIPTION
    # Its leased ones count: nothing more of it until some are recorded.
    assert second[busy] == 0 and second[quiet] == 0


async def test_one_receiver_gets_at_most_max_connections_per_host_requests_at_once(
    engine: AsyncEngine,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
) -> None:
    """Two subscriptions to the same receiver host, each with a backlog, answered slowly:
    the host never has more than PMO_WEBHOOKS_MAX_CONNECTIONS_PER_HOST requests at once."""
    project = await new_project(projects)
    names = [hook_name(), hook_name()]
    for name in names:
        receiver.delays[name] = 0.2
        await subscribe(
            projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
        )
    for _ in range(6):
        await new_task(projects, project["id"])
    settings = webhook_settings(max_connections_per_host=2)
    dispatcher = Dispatcher(
        engine, webhook_databases["projects"], projects_repository(), settings, "x"
    )
    receiver.peak = 0
    await dispatcher.start()
    try:
        for name in names:
            assert len(await receiver.wait_for(name, 6)) == 6
    finally:
        await dispatcher.stop()
    assert receiver.peak == 2


async def test_sends_finishing_wake_the_claim_of_a_capped_subscription_s_backlog(
    engine: AsyncEngine,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
) -> None:
    """Deliveries held back by their subscription's cap are claimed once sends finish, not at
    the next poll (an hour here: nothing else would wake the claim)."""
    project = await new_project(projects)
    name = hook_name()
    await subscribe(
        projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
    )
    settings = webhook_settings(max_in_flight_per_subscription=2, poll_interval_seconds=60)
    dispatcher = Dispatcher(
        engine, webhook_databases["projects"], projects_repository(), settings, "x"
    )
    for _ in range(BACKLOG):  # the backlog is there before the dispatcher starts
        await new_task(projects, project["id"])
    await dispatcher.start()
    try:
        assert len(await receiver.wait_for(name, BACKLOG)) == BACKLOG
    finally:
        await dispatcher.stop()
