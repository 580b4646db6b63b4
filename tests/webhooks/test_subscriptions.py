"""Managing subscriptions: who may subscribe to what, who sees which, SSRF-safe targets,
bad bodies and unknown ids answered with problems, and nothing written by a refusal."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from shared.auth import mint_integration_token
from shared.events.signing import verify_webhook
from shared.testing.database import run_databases
from shared.webhooks.sender import open_session, post
from tests.conftest import JWT_SECRET
from tests.webhooks.conftest import LOOPBACK, client_of, webhook_settings
from tests.webhooks.helpers import SUBSCRIPTIONS, auth, hook_name, new_project, subscribe
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")
FORBIDDEN_URLS = [
    "http://127.0.0.1/hook",
    "http://127.8.9.10:8080/hook",
    "http://10.0.0.1/hook",
    "https://172.16.5.4/hook",
    "http://192.168.1.1/hook",
    "http://100.64.0.1/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://240.0.0.1/hook",
    "http://[::1]/hook",
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:10.0.0.1]/hook",
    "http://localhost/hook",
    "http://2130706433/hook",
    "ftp://example.com/hook",
    "file:///etc/passwd",
    "http:///nohost",
    "http://user:pw@example.com/hook",
    "https://example.com:99999/hook",
    "http://exa mple.com/hook",
]


@pytest.fixture(scope="module")
async def strict_app(webhook_databases: dict[str, str]) -> AsyncIterator[FastAPI]:
    """A projects app that allows no private network (production's rule), no dispatcher."""
    hooks = webhook_settings(allowed_cidrs=[], dispatcher_enabled=False)
    app = create_app(ProjectsSettings(database_url=webhook_databases["projects"], webhooks=hooks))
    async with LifespanManager(app):
        yield app


async def _count(client: httpx.AsyncClient) -> int:
    answer = await client.get(SUBSCRIPTIONS, params={"limit": 500})
    return len(answer.json()["items"])


@pytest.mark.parametrize("url", FORBIDDEN_URLS)
async def test_targets_that_are_not_public_are_refused(
    strict_app: FastAPI, admin_token: str, url: str
) -> None:
    async with client_of(strict_app, admin_token) as client:
        before = await _count(client)
        answer = await client.post(SUBSCRIPTIONS, json={"url": url})
        assert answer.status_code == 422, (url, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert [e["field"] for e in answer.json()["errors"]] == ["url"], answer.json()
        assert await _count(client) == before


async def test_a_change_to_a_refused_target_is_refused_too(
    strict_app: FastAPI, admin_token: str
) -> None:
    async with client_of(strict_app, admin_token) as client:
        sub = await subscribe(client, "https://93.184.215.14/hook")
        url = f"{SUBSCRIPTIONS}/{sub['id']}"
        answer = await client.patch(url, json={"url": "http://169.254.169.254/"})
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["field"] == "url"
        assert (await client.get(url)).json()["url"] == "https://93.184.215.14/hook"


async def test_delivery_checks_the_resolved_address_again(receiver: Receiver) -> None:
    """A name resolving to loopback is refused at the connection, before anything is sent."""
    name = hook_name()
    session = open_session(webhook_settings(allowed_cidrs=[]))
    try:
        answer = await post(session, receiver.url(name, host="localhost"), b"{}", {}, [])
        literal = await post(session, receiver.url(name), b"{}", {}, [])
    finally:
        await session.close()
    for refused in (answer, literal):
        assert refused.status_code is None
        assert refused.error is not None and "not allowed" in refused.error, refused.error
    assert receiver.requests[name] == []


async def test_who_may_subscribe_to_what(
    projects: httpx.AsyncClient, make_token, receiver: Receiver
) -> None:
    project = await new_project(projects)
    manager, member, outsider = "mgr-" + hook_name(), "mem-" + hook_name(), "out-" + hook_name()
    for user, role in ((manager, "manager"), (member, "member")):
        added = await projects.post(
            f"/v1/projects/{project['id']}/members", json={"user_id": user, "role": role}
        )
        assert added.status_code == 201, added.text
    url = receiver.url(hook_name())
    scoped = {"url": url, "project_id": project["id"]}
    as_manager = auth(make_token("member", sub=manager))
    created = await projects.post(SUBSCRIPTIONS, json=scoped, headers=as_manager)
    assert created.status_code == 201, created.text
    assert created.json()["owner"] == manager
    for body in ({"url": url}, {"url": url, "portfolio_id": project["portfolio_id"]}):
        refused = await projects.post(SUBSCRIPTIONS, json=body, headers=as_manager)
        assert refused.status_code == 403, refused.text
    as_member = auth(make_token("member", sub=member))
    assert (await projects.post(SUBSCRIPTIONS, json=scoped, headers=as_member)).status_code == 403
    as_outsider = auth(make_token("member", sub=outsider))
    hidden = await projects.post(SUBSCRIPTIONS, json=scoped, headers=as_outsider)
    assert hidden.status_code == 404, hidden.text
    unknown = {"url": url, "project_id": str(uuid.uuid4())}
    assert (await projects.post(SUBSCRIPTIONS, json=unknown)).status_code == 404
    no_portfolio = {"url": url, "portfolio_id": str(uuid.uuid4())}
    assert (await projects.post(SUBSCRIPTIONS, json=no_portfolio)).status_code == 404
    as_pmo = auth(make_token("pmo"))
    assert (
        await projects.post(SUBSCRIPTIONS, json={"url": url}, headers=as_pmo)
    ).status_code == 201

    one = f"{SUBSCRIPTIONS}/{created.json()['id']}"
    assert (await projects.get(one, headers=as_manager)).status_code == 200
    assert (await projects.get(one)).status_code == 200  # admin sees all
    for other in (as_member, as_outsider):
        assert (await projects.get(one, headers=other)).status_code == 404
        assert (await projects.delete(one, headers=other)).status_code == 404
        assert (await projects.get(f"{one}/deliveries", headers=other)).status_code == 404
    mine = (await projects.get(SUBSCRIPTIONS, headers=as_manager)).json()["items"]
    assert [s["id"] for s in mine] == [created.json()["id"]]
    assert (await projects.get(SUBSCRIPTIONS, headers=as_outsider)).json()["items"] == []


async def test_update_needs_the_current_version_and_delete_removes(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    sub = await subscribe(projects, receiver.url(hook_name()))
    one = f"{SUBSCRIPTIONS}/{sub['id']}"
    stale = await projects.patch(one, json={"enabled": False}, headers={"if-match": '"9"'})
    assert stale.status_code == 412
    changed = await projects.patch(
        one,
        json={"enabled": False, "event_types": ["task.deleted"], "description": "paused"},
        headers={"if-match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] == '"2"'
    assert (changed.json()["enabled"], changed.json()["event_types"]) == (False, ["task.deleted"])
    assert (await projects.get(one)).json()["description"] == "paused"
    assert (await projects.delete(one, headers={"if-match": '"2"'})).status_code == 204
    assert (await projects.get(one)).status_code == 404
    assert (await projects.delete(one)).status_code == 404


async def test_unknown_ids_are_404(projects: httpx.AsyncClient) -> None:
    missing = uuid.uuid4()
    for method, path in (
        ("GET", f"{SUBSCRIPTIONS}/{missing}"),
        ("PATCH", f"{SUBSCRIPTIONS}/{missing}"),
        ("DELETE", f"{SUBSCRIPTIONS}/{missing}"),
        ("POST", f"{SUBSCRIPTIONS}/{missing}/rotate-secret"),
        ("GET", f"{SUBSCRIPTIONS}/{missing}/deliveries"),
        ("POST", f"/v1/webhook-deliveries/{missing}/replay"),
    ):
        answer = await projects.request(method, path, json={} if method == "PATCH" else None)
        assert answer.status_code == 404, (method, path, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    ranged = await projects.post(
        f"{SUBSCRIPTIONS}/{missing}/replay",
        json={"from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00Z"},
    )
    assert ranged.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "https://example.com/\u0000"}, "url"),
        ({"url": "https://example.com/", "description": "a\u0000b"}, "description"),
        ({"url": "https://example.com/", "event_types": ["Task Created"]}, "event_types"),
        ({"url": "https://example.com/", "secret": "whsec_short"}, "secret"),
        ({"url": "https://example.com/", "secret": "not-a-secret-at-all-really"}, "secret"),
        ({"url": "https://example.com/", "colour": "red"}, "colour"),
        ({"url": "https://example.com/", "project_id": "not-a-uuid"}, "project_id"),
        ({"url": "x" * 3000}, "url"),
        ({}, "url"),
    ],
)
async def test_bad_bodies_are_422_and_create_nothing(
    projects: httpx.AsyncClient, body: dict, field: str
) -> None:
    before = await _count(projects)
    answer = await projects.post(SUBSCRIPTIONS, json=body)
    assert answer.status_code == 422, answer.text
    fields = [e["field"] for e in answer.json()["errors"]]
    assert any(field in f for f in fields), fields
    assert await _count(projects) == before


async def test_two_scopes_and_a_backwards_replay_range_are_422(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    both = {"url": "https://example.com/", "project_id": str(uuid.uuid4())}
    both["portfolio_id"] = str(uuid.uuid4())
    assert (await projects.post(SUBSCRIPTIONS, json=both)).status_code == 422
    sub = await subscribe(projects, receiver.url(hook_name()))
    backwards = {"from": "2026-01-02T00:00:00Z", "to": "2026-01-01T00:00:00Z"}
    answer = await projects.post(f"{SUBSCRIPTIONS}/{sub['id']}/replay", json=backwards)
    assert answer.status_code == 422, answer.text
    naive = {"from": "2026-01-01T00:00:00", "to": "2026-01-02T00:00:00"}
    answer = await projects.post(f"{SUBSCRIPTIONS}/{sub['id']}/replay", json=naive)
    assert answer.status_code == 422, answer.text
    bad_status = await projects.get(f"{SUBSCRIPTIONS}/{sub['id']}/deliveries?status=lost")
    assert bad_status.status_code == 422
    bad_cursor = await projects.get(f"{SUBSCRIPTIONS}/{sub['id']}/deliveries?cursor=WyJ4Il0")
    assert bad_cursor.status_code == 422


async def test_a_given_secret_is_used(projects: httpx.AsyncClient, receiver: Receiver) -> None:
    from shared.events.signing import generate_secret

    secret = generate_secret()
    sub = await subscribe(projects, receiver.url(hook_name()), secret=secret)
    assert sub["secret"] == secret


async def test_a_replay_range_beyond_the_calendar_is_422(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    sub = await subscribe(projects, receiver.url(hook_name()))
    edge = {"from": "0001-01-01T00:00:00+01:00", "to": "9999-12-31T23:59:59-01:00"}
    answer = await projects.post(f"{SUBSCRIPTIONS}/{sub['id']}/replay", json=edge)
    assert answer.status_code == 422, answer.text


async def test_a_service_token_subscribes_to_the_projects_and_portfolios_it_names(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    mine, other = await new_project(projects), await new_project(projects)
    portfolio = (await projects.post("/v1/portfolios", json={"name": "ERP's"})).json()
    token = auth(
        mint_integration_token(
            JWT_SECRET,
            name="erp-" + hook_name(),
            scope="webhooks:write",
            project_ids=[mine["id"]],
            portfolio_ids=[portfolio["id"]],
        )
    )
    url = receiver.url(hook_name())
    created = await projects.post(
        SUBSCRIPTIONS, json={"url": url, "project_id": mine["id"]}, headers=token
    )
    assert created.status_code == 201, created.text
    named = await projects.post(
        SUBSCRIPTIONS, json={"url": url, "portfolio_id": portfolio["id"]}, headers=token
    )
    assert named.status_code == 201, named.text
    outside = await projects.post(
        SUBSCRIPTIONS, json={"url": url, "project_id": other["id"]}, headers=token
    )
    assert outside.status_code == 404, outside.text
    for body in ({"url": url}, {"url": url, "portfolio_id": mine["portfolio_id"]}):
        refused = await projects.post(SUBSCRIPTIONS, json=body, headers=token)
        assert refused.status_code == 403, refused.text
    one = f"{SUBSCRIPTIONS}/{created.json()['id']}"
    paused = await projects.patch(
        one, json={"enabled": False}, headers={**token, "if-match": '"1"'}
    )
    assert paused.status_code == 200, paused.text
    moved = await projects.patch(
        one, json={"project_id": other["id"]}, headers={**token, "if-match": '"2"'}
    )
    assert moved.status_code == 404, moved.text


async def test_a_service_token_s_subscription_is_delivered_not_suspended(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    """Its owner is no project manager: the owners' review must not suspend it (its limits
    are in its token, checked when it subscribed)."""
    project = await new_project(projects)
    token = auth(
        mint_integration_token(
            JWT_SECRET,
            name="erp-" + hook_name(),
            scope="webhooks:write projects:read",
            project_ids=[project["id"]],
        )
    )
    name = hook_name()
    created = await projects.post(
        SUBSCRIPTIONS,
        json={"url": receiver.url(name), "project_id": project["id"]},
        headers=token,
    )
    assert created.status_code == 201, created.text
    assert created.json()["owner_kind"] == "integration"
    added = await projects.post(f"/v1/projects/{project['id']}/tasks", json={"name": "Pushed"})
    assert added.status_code == 201, added.text
    got = await receiver.wait_for(name, 1)
    events = [verify_webhook(g.body, g.headers, [created.json()["secret"]]) for g in got]
    assert {e["project_id"] for e in events} == {project["id"]}
    one = await projects.get(f"{SUBSCRIPTIONS}/{created.json()['id']}", headers=token)
    assert one.json()["status"] == "active", one.text


@pytest.fixture(scope="module")
async def cluster_app(webhook_databases: dict[str, str]) -> AsyncIterator[FastAPI]:
    """A projects app as in a cluster: no private network for anyone, the cluster's range
    for our own services' subscriptions only."""
    hooks = webhook_settings(
        allowed_cidrs=[], internal_allowed_cidrs=["10.96.0.0/12"], dispatcher_enabled=False
    )
    app = create_app(ProjectsSettings(database_url=webhook_databases["projects"], webhooks=hooks))
    async with LifespanManager(app):
        yield app


async def test_only_our_services_subscribe_to_the_internal_range(
    cluster_app: FastAPI, admin_token: str, make_token
) -> None:
    in_cluster = {"url": "http://10.96.12.34:8000/v1/inbound/project-events"}
    async with client_of(cluster_app, admin_token) as client:
        # A role, not a name: a pmo whose token says "service:reporting" is still a user.
        for token in (admin_token, make_token("pmo", sub="service:reporting")):
            refused = await client.post(SUBSCRIPTIONS, json=in_cluster, headers=auth(token))
            assert refused.status_code == 422, refused.text
        outside = {"url": "http://10.0.0.1/hook"}
        reporting = auth(make_token("reporting-service", sub="service:reporting"))
        beyond = await client.post(SUBSCRIPTIONS, json=outside, headers=reporting)
        assert beyond.status_code == 422, beyond.text
        accepted = await client.post(SUBSCRIPTIONS, json=in_cluster, headers=reporting)
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["owner_kind"] == "internal", accepted.text
        one = f"{SUBSCRIPTIONS}/{accepted.json()['id']}"
        # Only reporting moves its target: an admin could otherwise aim our services'
        # allowance (and the delivery log's answers) at any address in the cluster; nor
        # does a user whose token merely carries reporting's subject name.
        namesake = auth(make_token("pmo", sub="service:reporting"))
        for headers in ({}, namesake):
            for url in ("http://10.96.0.9/hook", "https://93.184.215.14/hook"):
                hijack = await client.patch(
                    one, json={"url": url}, headers={**headers, "if-match": '"1"'}
                )
                assert hijack.status_code == 403, hijack.text
        # A namesake pmo edits it as pmo may, without making it theirs (nor global); a
        # namesake member neither sees, lists nor rotates it.
        described = await client.patch(
            one, json={"description": "noted"}, headers={**namesake, "if-match": '"1"'}
        )
        assert described.status_code == 200, described.text
        assert described.json()["owner_kind"] == "internal", described.text
        member = auth(make_token("member", sub="service:reporting"))
        assert (await client.get(one, headers=member)).status_code == 404
        listed = await client.get(SUBSCRIPTIONS, headers=member)
        assert accepted.json()["id"] not in {s["id"] for s in listed.json()["items"]}
        rotated = await client.post(f"{one}/rotate-secret", headers=member)
        assert rotated.status_code == 404, rotated.text
        moved = await client.patch(
            one, json={"url": "http://10.96.0.9/hook"}, headers={**reporting, "if-match": '"2"'}
        )
        assert moved.status_code == 200, moved.text
        mine = await subscribe(client, "https://93.184.215.14/hook")
        sneaky = await client.patch(
            f"{SUBSCRIPTIONS}/{mine['id']}", json=in_cluster, headers={"if-match": '"1"'}
        )
        assert sneaky.status_code == 422, sneaky.text


@pytest.fixture(scope="module")
def internal_databases(database_server) -> Iterator[dict[str, str]]:
    with run_databases(database_server, "internalhooks") as urls:
        yield urls


@pytest.fixture(scope="module")
async def internal_only_app(internal_databases: dict[str, str]) -> AsyncIterator[FastAPI]:
    """A projects app with its own databases and dispatcher, where loopback is internal:
    only our services' subscriptions may reach it."""
    hooks = webhook_settings(allowed_cidrs=[], internal_allowed_cidrs=LOOPBACK)
    settings = ProjectsSettings(database_url=internal_databases["projects"], webhooks=hooks)
    app = create_app(settings)
    async with LifespanManager(app):
        yield app


async def test_our_services_subscription_is_delivered_into_the_internal_range(
    internal_only_app: FastAPI, admin_token: str, make_token, receiver: Receiver
) -> None:
    name = hook_name()
    # A host name: the connection's own resolution is checked too (literal addresses are
    # checked before connecting).
    url = receiver.url(name, host="localhost")
    async with client_of(internal_only_app, admin_token) as client:
        refused = await client.post(SUBSCRIPTIONS, json={"url": url})
        assert refused.status_code == 422, refused.text
        reporting = auth(make_token("reporting-service", sub="service:reporting"))
        sub = await subscribe(client, url, headers=reporting)
        project = await new_project(client)
    got = await receiver.wait_for(name, 1)
    events = [verify_webhook(g.body, g.headers, [sub["secret"]]) for g in got]
    assert ("projects", project["id"]) in {(e["service"], e["project_id"]) for e in events}
