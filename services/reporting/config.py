from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore")

    projects_url: str = "http://127.0.0.1:8001"
    # Rows read from the projects service per call while an export streams: what an export
    # holds in memory at a time.
    export_page_size: int = Field(default=500, ge=1, le=500)
    # A 10,000-task plan would be a tall, 50 MB SVG nobody reads: a Gantt shows at most
    # this many rows of the plan (in WBS order) and says so.
    gantt_max_rows: int = Field(default=300, ge=1, le=500)
