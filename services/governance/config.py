from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class GovernanceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GOVERNANCE_", extra="ignore")
