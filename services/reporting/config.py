from datetime import time

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import Environment, ServiceSettings, platform_settings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore")

    # Reporting composes what the projects service computes (metrics, roll-ups) with the
    # governance service's compliance scores.
    projects_url: str = "http://127.0.0.1:8001"
    # Rows read from the projects service per call while an export streams: what an export
    # holds in memory at a time.
    export_page_size: int = Field(default=500, ge=1, le=500)
    # A 10,000-task plan would be a tall, 50 MB SVG nobody reads: a Gantt shows at most
    # this many rows of the plan (in WBS order) and says so.
    gantt_max_rows: int = Field(default=300, ge=1, le=500)
    governance_url: str = "http://127.0.0.1:8002"

    # The daily snapshot of every project, taken once across replicas at this time (UTC).
    # None: on, except under PMO_ENVIRONMENT=test, where a test turns it on itself.
    snapshot_scheduler_enabled: bool | None = None
    snapshot_time: time = time(1, 0)
    # How often each replica looks whether today's snapshot is due (a cheap local check;
    # only the replica that wins the advisory lock reads the other services).
    snapshot_check_seconds: float = Field(default=60.0, gt=0)
    # An override of a project's health expires at most this many days ahead.
    override_max_days: int = Field(default=90, ge=1, le=366)

    # Project events (webhooks from the projects service) refresh a project's snapshot.
    # Reporting's own base URL as the projects service reaches it: its subscription's
    # callback is this + /v1/inbound/project-events. None: no subscription is registered.
    public_url: str | None = Field(default=None, max_length=2000)
    # The signing secret of that subscription ("whsec_..."); None: generated once into the
    # state folder (PMO_STATE_DIR/reporting-events-secret) and reused.
    events_secret: str | None = None
    # Events for one project within this many seconds refresh its snapshot once.
    events_coalesce_seconds: float = Field(default=2.0, ge=0, le=300)
    # Received event ids are kept this long to drop redelivered ones.
    events_dedupe_days: int = Field(default=7, ge=1, le=365)

    def scheduler_enabled(self) -> bool:
        if self.snapshot_scheduler_enabled is not None:
            return self.snapshot_scheduler_enabled
        return platform_settings().environment is not Environment.test
