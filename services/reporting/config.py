from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore")

    # Reporting composes what the projects service computes (metrics, roll-ups) with the
    # governance service's compliance scores.
    projects_url: str = "http://127.0.0.1:8001"
    governance_url: str = "http://127.0.0.1:8002"
    # Rows read from the projects service per call while an export streams: what an export
    # holds in memory at a time.
    export_page_size: int = Field(default=500, ge=1, le=500)
