from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class GovernanceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GOVERNANCE_", extra="ignore")

    # Governance reads project facts from, and instantiates templates and moves phases
    # through, the projects service.
    projects_url: str = "http://127.0.0.1:8001"
