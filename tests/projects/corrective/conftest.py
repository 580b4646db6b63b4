"""What-ifs run as jobs: the queue worker reads the plan on its own connections, so these
tests use a client whose requests commit (unique names keep them apart from other tests'
rows)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI


@pytest.fixture
async def http(projects_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=projects_app)
    headers = {"authorization": f"Bearer {admin_token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        yield c
