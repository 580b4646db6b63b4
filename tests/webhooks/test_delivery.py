"""Events of the projects service reach a subscribed receiver, signed, once; failures are
retried, then dead; deliveries can be replayed; secrets rotate without a gap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.events.signing import verify_webhook
from shared.webhooks.schemas import DeliveryStatus
from tests.webhooks.conftest import RETRIES
from tests.webhooks.helpers import (
    SUBSCRIPTIONS,
    deliveries,
    hook_name,
    new_project,
    new_task,
    subscribe,
    wait_for_log,
)
from tests.webhooks.receiver import Receiver, always, failing

pytestmark = pytest.mark.asyncio(loop_scope="session")


def succeeded(count: int = 1):
    return lambda items: sum(i["status"] == "succeeded" for i in items) >= count


async def test_a_write_reaches_the_receiver_signed(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    project = await new_project(projects)
    name = hook_name()
    sub = await subscribe(
        projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
    )
    task = await new_task(projects, project["id"])
    [got] = await receiver.wait_for(name, 1)
    event = verify_webhook(got.body, got.headers, [sub["secret"]])
    assert event["type"] == "task.created"
    assert event["service"] == "projects"
    assert event["entity"] == {"type": "task", "id": task["id"]}
    assert event["project_id"] == project["id"]
    assert got.headers["webhook-id"] == event["id"]
    assert got.headers["Content-Type"] == "application/json"
    [delivery] = await wait_for_log(projects, sub["id"], succeeded())
    assert delivery["event_id"] == event["id"]
    assert (delivery["status"], delivery["attempts"], delivery["event_type"]) == (
        "succeeded",
        1,
        "task.created",
    )
    [attempt] = delivery["attempt_log"]
    assert attempt["status_code"] == 200 and attempt["error"] is None
    assert attempt["duration_ms"] >= 0


async def test_event_types_and_project_scope_filter(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    mine, other = await new_project(projects), await new_project(projects)
    only_created, everything = hook_name(), hook_name()
    await subscribe(
        projects,
        receiver.url(only_created),
        project_id=mine["id"],
        event_types=["task.created"],
    )
    await subscribe(projects, receiver.url(everything), project_id=mine["id"])
    task = await new_task(projects, mine["id"])
    await new_task(projects, other["id"])
    etag = (await projects.get(f"/v1/tasks/{task['id']}")).headers["etag"]
    changed = await projects.patch(
        f"/v1/tasks/{task['id']}", json={"name": "Renamed"}, headers={"if-match": etag}
    )
    assert changed.status_code == 200, changed.text
    seen = await receiver.wait_for_types(everything, ["task.created", "task.updated"])
    assert {r.event["project_id"] for r in seen} == {mine["id"]}
    got = receiver.delivered(only_created)
    assert [r.event["type"] for r in got] == ["task.created"]
    assert got[0].event["entity"]["id"] == task["id"]


async def test_a_portfolio_subscription_takes_its_projects_events(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    portfolio = (await projects.post("/v1/portfolios", json={"name": "Hooked"})).json()
    inside = await new_project(projects, portfolio_id=portfolio["id"])
    outside = await new_project(projects)
    name = hook_name()
    await subscribe(
        projects,
        receiver.url(name),
        portfolio_id=portfolio["id"],
        event_types=["task.created"],
    )
    task = await new_task(projects, inside["id"])
    await new_task(projects, outside["id"])
    [got] = await receiver.wait_for(name, 1)
    assert got.event["entity"]["id"] == task["id"]
    await new_task(projects, inside["id"])
    assert len(await receiver.wait_for(name, 2)) == 2
    assert {r.event["project_id"] for r in receiver.delivered(name)} == {inside["id"]}


async def test_a_receiver_failing_five_times_gets_the_event_once_on_the_sixth_try(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    project = await new_project(projects)
    name = hook_name()
    receiver.plans[name] = failing(5)
    sub = await subscribe(
        projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
    )
    await new_task(projects, project["id"])
    [delivery] = await wait_for_log(projects, sub["id"], succeeded())
    assert (delivery["status"], delivery["attempts"]) == ("succeeded", 6)
    assert [a["status_code"] for a in delivery["attempt_log"]] == [500] * 5 + [200]
    requests = receiver.requests[name]
    assert len(requests) == 6
    assert len(receiver.delivered(name)) == 1
    assert {r.headers["webhook-id"] for r in requests} == {delivery["event_id"]}
    print("\nwebhooks: 5 failures then success -> tries=6, delivered once")


async def test_a_receiver_that_always_fails_makes_the_delivery_dead(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    project = await new_project(projects)
    failing_name, redirecting = hook_name(), hook_name()
    receiver.plans[failing_name] = always(500)
    receiver.plans[redirecting] = lambda _n: (302, {"Location": receiver.url("elsewhere")})
    dead = lambda items: bool(items) and all(i["status"] == "dead" for i in items)  # noqa: E731
    subs = [
        await subscribe(
            projects, receiver.url(n), project_id=project["id"], event_types=["task.created"]
        )
        for n in (failing_name, redirecting)
    ]
    await new_task(projects, project["id"])
    for sub, name in zip(subs, (failing_name, redirecting), strict=True):
        [delivery] = await wait_for_log(projects, sub["id"], dead)
        assert (delivery["status"], delivery["attempts"]) == ("dead", len(RETRIES) + 1)
        assert len(receiver.requests[name]) == len(RETRIES) + 1
        only_dead = await deliveries(projects, sub["id"], status=DeliveryStatus.dead.value)
        assert [d["id"] for d in only_dead] == [delivery["id"]]
        assert await deliveries(projects, sub["id"], status="succeeded") == []
    [redirected] = await deliveries(projects, subs[1]["id"])
    assert redirected["last_error"] == "redirects are not followed"
    assert receiver.requests["elsewhere"] == []


async def test_retry_after_is_honoured(projects: httpx.AsyncClient, receiver: Receiver) -> None:
    project = await new_project(projects)
    name = hook_name()
    receiver.plans[name] = failing(1, 503, {"Retry-After": "1"})
    await subscribe(
        projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
    )
    await new_task(projects, project["id"])
    await receiver.wait_for(name, 1)
    first, second = receiver.requests[name]
    assert second.at - first.at >= 0.95


async def test_replay_of_one_delivery_and_of_a_time_range(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    project = await new_project(projects)
    name = hook_name()
    sub = await subscribe(
        projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
    )
    start = datetime.now(UTC) - timedelta(seconds=5)
    for _ in range(3):
        await new_task(projects, project["id"])
    firsts = await wait_for_log(projects, sub["id"], succeeded(3))
    one = firsts[-1]
    replay = await projects.post(f"/v1/webhook-deliveries/{one['id']}/replay")
    assert replay.status_code == 201, replay.text
    assert replay.json()["replay_of"] == one["id"]
    assert replay.json()["event_id"] == one["event_id"]
    got = await receiver.wait_for(name, 4)
    assert got[-1].headers["webhook-id"] == one["event_id"]
    assert got[-1].event == got[[r.headers["webhook-id"] for r in got].index(one["event_id"])].event

    window = {"from": start.isoformat(), "to": datetime.now(UTC).isoformat()}
    ranged = await projects.post(f"{SUBSCRIPTIONS}/{sub['id']}/replay", json=window)
    assert ranged.status_code == 202, ranged.text
    assert ranged.json()["replayed"] == 3
    got = await receiver.wait_for(name, 7)
    ids = [r.headers["webhook-id"] for r in got]
    assert sorted(ids[4:]) == sorted(d["event_id"] for d in firsts)
    empty = {"from": "2001-01-01T00:00:00Z", "to": "2001-01-02T00:00:00Z"}
    nothing = await projects.post(f"{SUBSCRIPTIONS}/{sub['id']}/replay", json=empty)
    assert nothing.json() == {"replayed": 0, "items": []}


async def test_rotation_signs_with_both_secrets_until_the_old_one_expires(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    project = await new_project(projects)
    name = hook_name()
    sub = await subscribe(
        projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
    )
    rotated = await projects.post(f"{SUBSCRIPTIONS}/{sub['id']}/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["secret"]
    assert new_secret != sub["secret"]
    expires = datetime.fromisoformat(rotated.json()["previous_secret_expires_at"])
    assert timedelta(hours=23) < expires - datetime.now(UTC) <= timedelta(hours=24)
    assert rotated.json()["version"] == sub["version"] + 1
    await new_task(projects, project["id"])
    [got] = await receiver.wait_for(name, 1)
    assert len(got.headers["webhook-signature"].split()) == 2
    for secret in (sub["secret"], new_secret):
        assert verify_webhook(got.body, got.headers, [secret])["type"] == "task.created"
    shown = await projects.get(f"{SUBSCRIPTIONS}/{sub['id']}")
    assert "secret" not in shown.json()


async def test_a_transaction_open_in_another_database_does_not_hold_deliveries_back(
    projects: httpx.AsyncClient, receiver: Receiver, database_server
) -> None:
    """Transaction ids are server-wide: a reader stopping below the server's oldest open
    transaction would wait for work in other databases (another service, a long report)
    that can never write to this outbox. The dispatcher stops below this database's only."""
    import asyncpg

    url = database_server.database_url("postgres").replace("+asyncpg", "")
    elsewhere = await asyncpg.connect(url)
    try:
        transaction = elsewhere.transaction()
        await transaction.start()
        await elsewhere.fetchval("SELECT pg_current_xact_id()")  # holds a transaction id
        project = await new_project(projects)
        name = hook_name()
        await subscribe(projects, receiver.url(name), project_id=project["id"])
        await new_task(projects, project["id"])
        assert await receiver.wait_for(name, 1)
        await transaction.rollback()
    finally:
        await elsewhere.close()
