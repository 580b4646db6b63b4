"""A project following the demo lifecycle, with its team, for the gate review tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from tests.governance.lifecycle_factories import create_project, published_lifecycle


@dataclass
class GatedProject:
    id: str
    lifecycle: dict[str, Any]
    # Authorization headers: the project's manager and a team member (both global
    # members), an executive, and the sponsor the project names (a viewer on it).
    manager: dict[str, str]
    developer: dict[str, str]
    executive: dict[str, str]
    sponsor: dict[str, str]


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def gated_project(
    client: httpx.AsyncClient, projects: httpx.AsyncClient, make_token, **fields: Any
) -> GatedProject:
    suffix = secrets.token_hex(3)
    manager, developer, sponsor = f"mgr-{suffix}", f"dev-{suffix}", f"spn-{suffix}"
    project = await create_project(projects, sponsor=fields.pop("sponsor", sponsor), **fields)
    team = ((manager, "manager"), (developer, "member"), (sponsor, "viewer"))
    for user, role in team:
        added = await projects.post(
            f"/v1/projects/{project['id']}/members", json={"user_id": user, "role": role}
        )
        assert added.status_code == 201, added.text
    lifecycle = await published_lifecycle(client)
    assigned = await client.put(
        f"/v1/projects/{project['id']}/lifecycle", json={"lifecycle_id": lifecycle["id"]}
    )
    assert assigned.status_code == 200, assigned.text
    return GatedProject(
        id=project["id"],
        lifecycle=lifecycle,
        manager=_bearer(make_token("member", sub=manager)),
        developer=_bearer(make_token("member", sub=developer)),
        executive=_bearer(make_token("executive", sub=f"exec-{suffix}")),
        sponsor=_bearer(make_token("member", sub=sponsor)),
    )


async def open_review(
    client: httpx.AsyncClient, project_id: str, to_phase: str, **headers: str
) -> dict[str, Any]:
    response = await client.post(
        "/v1/gate-reviews", json={"project_id": project_id, "to_phase": to_phase}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def check(
    client: httpx.AsyncClient, review: dict[str, Any], item: str, headers: dict[str, str]
) -> dict[str, Any]:
    response = await client.put(
        f"/v1/gate-reviews/{review['id']}/checklist/{item}",
        json={"done": True, "comment": "Done."},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


async def decide(
    client: httpx.AsyncClient,
    review: dict[str, Any],
    decision: str,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.post(
        f"/v1/gate-reviews/{review['id']}/decisions",
        json={"decision": decision, "comment": f"{decision}."},
        headers=headers or {},
    )
