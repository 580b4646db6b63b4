from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

import httpx
import pytest

Join = Callable[[str, str], Awaitable[str]]


@pytest.fixture
def join(client: httpx.AsyncClient, make_token) -> Join:
    """``await join(project_id, role)``: a new member user with that project role; returns
    their token."""

    async def add(project_id: str, role: str) -> str:
        subject = f"user-{secrets.token_hex(4)}"
        response = await client.post(
            f"/v1/projects/{project_id}/members", json={"user_id": subject, "role": role}
        )
        assert response.status_code == 201, response.text
        return make_token("member", sub=subject)

    return add
