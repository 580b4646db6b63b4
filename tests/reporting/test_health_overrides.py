"""Health overrides through the API: a colour with a justification until an expiry, one
active at a time, revoked but never deleted, and who may set them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from tests.projects.factories import auth, create_project


def _in(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


async def _override(
    reporting: httpx.AsyncClient, project_id: str, **fields: object
) -> httpx.Response:
    body = {"rag": "green", "justification": "Recovery plan approved", "expires_at": _in(7)}
    return await reporting.post(
        f"/v1/projects/{project_id}/health-overrides", json={**body, **fields}
    )


async def test_an_override_is_listed_and_revoked_into_history(projects, reporting) -> None:
    project = await create_project(projects)
    created = await _override(reporting, project["id"], rag="amber")
    assert created.status_code == 201, created.text
    override = created.json()
    assert override["active"] is True and override["rag"] == "amber"
    assert override["created_by"] == "admin" and override["revoked_at"] is None
    assert created.headers["location"] == f"/v1/health-overrides/{override['id']}"

    revoked = await reporting.delete(
        f"/v1/health-overrides/{override['id']}", headers={"if-match": created.headers["etag"]}
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["active"] is False and revoked.json()["revoked_by"] == "admin"
    again = await reporting.delete(f"/v1/health-overrides/{override['id']}")
    assert again.status_code == 409
    history = (await reporting.get(f"/v1/projects/{project['id']}/health-overrides")).json()
    assert [o["id"] for o in history["items"]] == [override["id"]]
    assert history["items"][0]["revoked_at"] is not None


async def test_a_new_override_supersedes_the_active_one(projects, reporting) -> None:
    project = await create_project(projects)
    first = (await _override(reporting, project["id"], rag="red")).json()
    second = (await _override(reporting, project["id"], rag="amber")).json()
    history = (await reporting.get(f"/v1/projects/{project['id']}/health-overrides")).json()
    assert [o["id"] for o in history["items"]] == [second["id"], first["id"]]
    old = history["items"][1]
    assert (old["active"], old["superseded_by_id"]) == (False, second["id"])
    assert history["items"][0]["active"] is True


async def test_bad_overrides_are_422_and_write_nothing(projects, reporting) -> None:
    project = await create_project(projects)
    naive = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=2)
    bad = [
        {"justification": ""},
        {"justification": "   "},
        {"justification": "x" * 2001},
        {"expires_at": _in(-1)},
        {"expires_at": _in(91)},
        {"expires_at": naive.isoformat()},
        {"rag": "unknown"},
        {"rag": "purple"},
        {"colour": "green"},
    ]
    for fields in bad:
        answer = await _override(reporting, project["id"], **fields)
        assert answer.status_code == 422, (fields, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    missing = await reporting.post(
        f"/v1/projects/{project['id']}/health-overrides", json={"rag": "green"}
    )
    assert missing.status_code == 422
    history = await reporting.get(f"/v1/projects/{project['id']}/health-overrides")
    assert history.json()["items"] == []


async def test_the_expiry_check_uses_the_service_clock(projects, reporting, clock) -> None:
    project = await create_project(projects)
    clock.moment = datetime.now(UTC) - timedelta(days=30)
    # 40 days from the real now is 70 from the clock's now; 70 from the real now is 100.
    ok = await _override(reporting, project["id"], expires_at=_in(40))
    assert ok.status_code == 201, ok.text
    assert (await _override(reporting, project["id"], expires_at=_in(70))).status_code == 422


async def test_a_stale_if_match_on_revoke_is_412(projects, reporting) -> None:
    project = await create_project(projects)
    first = (await _override(reporting, project["id"])).json()
    await _override(reporting, project["id"])  # supersedes: the first's version moved on
    stale = await reporting.delete(
        f"/v1/health-overrides/{first['id']}", headers={"if-match": f'"{first["version"]}"'}
    )
    assert stale.status_code == 412


async def test_managers_pmo_and_admin_override_others_may_not(
    projects, reporting, make_token
) -> None:
    project = await create_project(projects)
    manager, member = make_token("member", sub="mgr-1"), make_token("member", sub="dev-1")
    for user, role in (("mgr-1", "manager"), ("dev-1", "member")):
        added = await projects.post(
            f"/v1/projects/{project['id']}/members", json={"user_id": user, "role": role}
        )
        assert added.status_code == 201, added.text
    url = f"/v1/projects/{project['id']}/health-overrides"
    body = {"rag": "green", "justification": "ok", "expires_at": _in(3)}
    assert (await reporting.post(url, json=body, headers=auth(member))).status_code == 403
    assert (
        await reporting.post(url, json=body, headers=auth(make_token("executive")))
    ).status_code == 403
    by_manager = await reporting.post(url, json=body, headers=auth(manager))
    assert by_manager.status_code == 201, by_manager.text
    assert (
        await reporting.post(url, json=body, headers=auth(make_token("pmo")))
    ).status_code == 201
    # A member reads the history; a stranger does not see the project at all.
    assert (await reporting.get(url, headers=auth(member))).status_code == 200
    assert (await reporting.get(url, headers=auth(make_token("member")))).status_code == 404
    revoke = await reporting.delete(
        f"/v1/health-overrides/{by_manager.json()['id']}", headers=auth(member)
    )
    assert revoke.status_code == 403


async def test_unknown_project_and_override_are_404(reporting) -> None:
    assert (await _override(reporting, str(uuid.uuid4()))).status_code == 404
    assert (await reporting.delete(f"/v1/health-overrides/{uuid.uuid4()}")).status_code == 404
    listing = await reporting.get(f"/v1/projects/{uuid.uuid4()}/health-overrides")
    assert listing.status_code == 404
