from pydantic import BaseModel

from services.projects.projects.schemas import ProjectRead


class ImportCounts(BaseModel):
    tasks: int
    dependencies: int
    calendars: int
    baselines: int


class ProjectImportRead(ProjectRead):
    """The new project as ``GET /v1/projects/{id}`` shows it, plus what the import created."""

    counts: ImportCounts
    warnings: list[str]
