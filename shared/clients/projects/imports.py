"""Importing plans from other tools (projects service): an MS Project XML (MSPDI) file
becomes a new, scheduled project."""

from __future__ import annotations

from pydantic import Field

from shared.clients import Operation, TypedClient, WireModel
from shared.clients.projects.projects import ProjectDTO

MSPDI_MEDIA_TYPE = "application/xml"


class ImportCountsDTO(WireModel):
    tasks: int
    dependencies: int
    calendars: int
    baselines: int


class ProjectImportDTO(ProjectDTO):
    """The new project, plus what the import created and what it could not carry over."""

    counts: ImportCountsDTO
    warnings: list[str] = Field(default_factory=list)


IMPORT_MSPDI = Operation("import_mspdi", "POST", "/v1/imports/mspdi", ProjectImportDTO)


class ImportEndpoints(TypedClient):
    async def import_mspdi(
        self, data: bytes, *, code: str | None = None, idempotency_key: str | None = None
    ) -> ProjectImportDTO:
        """``data``: the file's bytes, sent as the body (``application/xml``)."""
        headers = {"content-type": MSPDI_MEDIA_TYPE}
        if idempotency_key:
            headers["idempotency-key"] = idempotency_key
        params = {"code": code} if code else None
        response = await self.request(
            IMPORT_MSPDI.method, IMPORT_MSPDI.url(), params=params, headers=headers, content=data
        )
        return ProjectImportDTO.model_validate_json(response.content)
