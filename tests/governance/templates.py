"""Factories of template bodies and templates, through the API."""

from __future__ import annotations

import secrets
from typing import Any

import httpx


def blueprint(**fields: Any) -> dict[str, Any]:
    """A small, sound blueprint: a summary with design -> build -> launch milestone, RAID
    defaults and two deliverables."""
    body: dict[str, Any] = {
        "key": f"tpl-{secrets.token_hex(3)}",
        "name": "Software delivery",
        "description": "A small delivery project.",
        "category": "software",
        "tags": ["software", "delivery"],
        "tasks": [
            {"key": "delivery", "name": "Delivery"},
            {"key": "design", "name": "Design", "parent_key": "delivery", "duration_days": "5"},
            {"key": "build", "name": "Build", "parent_key": "delivery", "duration_days": "10"},
            {
                "key": "launch",
                "name": "Launch",
                "milestone": True,
                "constraint": {"type": "SNET", "offset_days": 28},
            },
        ],
        "dependencies": [
            {"predecessor_key": "design", "successor_key": "build"},
            {"predecessor_key": "build", "successor_key": "launch", "lag_days": "2"},
        ],
        "raid": {
            "risks": [
                {
                    "title": "Key developer leaves",
                    "probability": 2,
                    "impact": 4,
                    "owner_role": "manager",
                    "mitigation": "Pair on every module.",
                },
                {
                    "title": "Vendor API changes",
                    "probability": 3,
                    "impact": 3,
                    "owner_role": "Architect",
                },
            ],
            "assumptions": [{"title": "Test environment is available", "owner_role": "sponsor"}],
            "issues": [],
        },
        "deliverables": [
            {"key": "charter", "name": "Project charter"},
            {"key": "design-doc", "name": "Design document"},
        ],
    }
    return body | fields


async def create_template(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await client.post("/v1/templates", json=blueprint(**fields))
    assert response.status_code == 201, response.text
    return response.json()


async def published_template(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    template = await create_template(client, **fields)
    response = await client.post(f"/v1/templates/{template['id']}/publish")
    assert response.status_code == 200, response.text
    return response.json()
