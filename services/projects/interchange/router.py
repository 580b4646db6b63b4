from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from starlette.datastructures import UploadFile

from services.projects.interchange import importer
from services.projects.interchange.schemas import ImportCounts, ProjectImportRead
from services.projects.projects.schemas import ProjectRead
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import Session
from shared.errors import FieldError, ValidationFailed

router = APIRouter(tags=["interchange"])

MSPDI_MEDIA_TYPE = "application/xml"
CodeParam = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="Project code; derived from the plan's title when absent",
    ),
]


async def _file_bytes(request: Request) -> bytes:
    """The file is the body itself, or the ``file`` field of a multipart upload."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        return await request.body()
    async with request.form(max_files=1, max_fields=10) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationFailed(
                "A multipart upload needs the plan in a 'file' field.",
                errors=[FieldError("file", "missing")],
            )
        return await upload.read()


@router.post(
    "/v1/imports/mspdi",
    status_code=status.HTTP_201_CREATED,
    operation_id="import_mspdi",
    response_model=ProjectImportRead,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/xml": {"schema": {"type": "string", "format": "binary"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    },
)
async def import_mspdi(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    code: CodeParam = None,
) -> ProjectImportRead:
    """Import an MS Project XML (MSPDI) file as a new project, scheduled."""
    data = await _file_bytes(request)
    outcome = await importer.import_mspdi(session, principal, data, code)
    project = outcome.project
    response.headers["Location"] = f"/v1/projects/{project.id}"
    set_etag(response, project.version)
    read = ProjectRead.model_validate(project, from_attributes=True)
    return ProjectImportRead(
        **read.model_dump(),
        counts=ImportCounts(**outcome.counts),
        warnings=outcome.warnings,
    )


@router.get(
    "/v1/projects/{project_id}/export/mspdi",
    operation_id="export_mspdi",
    response_class=Response,
    responses={200: {"content": {MSPDI_MEDIA_TYPE: {"schema": {"type": "string"}}}}},
)
async def export_mspdi(
    project_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> Response:
    """The project as an MS Project XML (MSPDI) document."""
    body = await importer.export_mspdi(session, principal, project_id)
    return Response(
        body,
        media_type=MSPDI_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{project_id}.xml"'},
    )
