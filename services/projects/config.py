from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ProjectsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PROJECTS_", extra="ignore")

    # The job queue's consumer (levelling runs) inside this service process; turn it off on
    # replicas that should only answer requests, and run ``pmo worker`` elsewhere.
    jobs_worker: bool = True
    # The queue (pgqueuer entrypoint) this service's jobs go to and its worker takes from:
    # replicas of one deployment share it; two deployments on one database keep apart.
    jobs_queue: str = Field(default="pmo_job", min_length=1, max_length=100)
    # Jobs one worker runs at once (each in its own child process).
    jobs_concurrency: int = Field(default=2, ge=1, le=32)
    # A worker that stops beating this long loses its job to another worker.
    jobs_heartbeat_seconds: float = Field(default=30.0, gt=0)
    # RLIMIT_AS of a job's child process, and how long past its own time limit it may run
    # before it is killed.
    jobs_memory_mb: int = Field(default=4096, ge=256)
    jobs_hard_timeout_margin_seconds: float = Field(default=30.0, gt=0)
    # An archived (deleted) project may be purged, erased with everything under it, only
    # this many days after it was archived.
    archive_retention_days: int = Field(default=30, ge=0, le=36500)
