"""Importing a plan from MS Project: the file is uploaded with the mutation (the GraphQL
multipart request specification, see :mod:`services.gateway.over_http.uploads`)."""

from __future__ import annotations

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from services.gateway.context import Info
from services.gateway.payloads import UserError, user_errors
from services.gateway.projects.types import Project
from shared.clients.projects.imports import ProjectImportDTO
from shared.errors import ProblemError


@strawberry.input(description="An MS Project XML (MSPDI) file to import as a new project.")
class ImportMsProjectInput:
    file: Upload = strawberry.field(description="The .xml file (multipart upload).")
    code: str | None = strawberry.field(
        default=None, description="The project's code; derived from the plan's title if null."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key never imports the plan twice."
    )


@strawberry.type(description="What an import created.")
class ImportCounts:
    tasks: int
    dependencies: int
    calendars: int
    baselines: int


@strawberry.type
class ImportMsProjectPayload:
    project: Project | None = strawberry.field(description="The new project, scheduled.")
    counts: ImportCounts | None
    warnings: list[str] = strawberry.field(
        description="What the file holds that the project could not take over."
    )
    user_errors: list[UserError]


def _imported(info: Info, dto: ProjectImportDTO) -> ImportMsProjectPayload:
    info.context.loaders.projects.project.prime(dto.id, dto, force=True)
    counts = dto.counts
    return ImportMsProjectPayload(
        project=Project.from_dto(dto),
        counts=ImportCounts(
            tasks=counts.tasks,
            dependencies=counts.dependencies,
            calendars=counts.calendars,
            baselines=counts.baselines,
        ),
        warnings=dto.warnings,
        user_errors=[],
    )


@strawberry.type
class ImportMutations:
    @strawberry.mutation(
        description="Import an MS Project XML (MSPDI) file as a new, scheduled project. Send "
        "it as a multipart request (operations, map, the file)."
    )
    async def import_ms_project(
        self, info: Info, input: ImportMsProjectInput
    ) -> ImportMsProjectPayload:
        upload = input.file
        data = await upload.read() if isinstance(upload, UploadFile) else b""
        try:
            dto = await info.context.clients.projects.import_mspdi(
                data, code=input.code, idempotency_key=input.idempotency_key
            )
        except ProblemError as exc:
            errors = user_errors(exc, conflict_field="code")
            if errors is None:
                raise
            return ImportMsProjectPayload(
                project=None, counts=None, warnings=[], user_errors=errors
            )
        return _imported(info, dto)
