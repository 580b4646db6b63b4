"""Lifecycle documents and projects for the lifecycle, gate and deliverable tests."""

from __future__ import annotations

import secrets
from typing import Any

import httpx


def demo_lifecycle(**overrides: Any) -> dict[str, Any]:
    """Idea -> approved -> execution -> closure. Approving needs the project manager and
    the PMO (a manager alone cannot approve their own proposal); execution needs a sponsor
    (a critical rule), a signed charter and an executive's go besides the manager's."""
    body: dict[str, Any] = {
        "key": f"lc-{secrets.token_hex(4)}",
        "name": "Stage-gate lifecycle",
        "phases": [
            {"key": "idea", "name": "Idea"},
            {"key": "approved", "name": "Approved", "project_status": "approved"},
            {"key": "execution", "name": "Execution", "project_status": "active"},
            {"key": "closure", "name": "Closure", "project_status": "completed"},
        ],
        "gates": [
            {
                "from_phase": "idea",
                "to_phase": "approved",
                "name": "Approval",
                "checklist": [{"key": "business-case", "text": "Business case written"}],
                "approver_roles": ["manager", "pmo"],
            },
            {
                "from_phase": "approved",
                "to_phase": "execution",
                "rules": [
                    {
                        "kind": "required_field",
                        "params": {"field": "sponsor"},
                        "severity": "critical",
                    },
                    {"kind": "required_field", "params": {"field": "budget"}, "severity": "minor"},
                ],
                "checklist": [
                    {"key": "charter", "text": "Charter signed"},
                    {"key": "kickoff", "text": "Kick-off held", "required": False},
                ],
                "approver_roles": ["manager", "executive"],
            },
            {"from_phase": "execution", "to_phase": "closure", "approver_roles": ["sponsor"]},
        ],
    }
    return body | overrides


async def create_lifecycle(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    response = await client.post("/v1/lifecycles", json=demo_lifecycle(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


async def published_lifecycle(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    lifecycle = await create_lifecycle(client, **overrides)
    response = await client.post(f"/v1/lifecycles/{lifecycle['id']}/publish")
    assert response.status_code == 200, response.text
    return response.json()


async def create_project(projects: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"code": f"GT-{secrets.token_hex(3)}", "name": "Gated project", **fields}
    response = await projects.post("/v1/projects", json=body)
    assert response.status_code == 201, response.text
    return response.json()
