"""The ``correctiveOptions`` field of ``Project``."""

from __future__ import annotations

import uuid

from services.gateway.context import Info
from services.gateway.corrective.types import CorrectiveOption


async def project_corrective_options(info: Info, project_id: uuid.UUID) -> list[CorrectiveOption]:
    listed = await info.context.clients.projects.corrective_options(project_id)
    return [CorrectiveOption.from_dto(item) for item in listed.items]
