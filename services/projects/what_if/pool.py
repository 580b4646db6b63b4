"""The scenario of a request, checked against the pool and the calendars it names."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.resources.scenario import ResourceScenario
from services.projects.what_if import repository
from services.projects.what_if.scenario import build_scenario
from services.projects.what_if.schemas import WhatIfRequest


async def scenario_of(session: AsyncSession, body: WhatIfRequest) -> ResourceScenario:
    named = {p.calendar_id for p in body.add if p.calendar_id is not None}
    found = await repository.known_calendars(session, named)
    return build_scenario(body, await repository.pool(session), found)
