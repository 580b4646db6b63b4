from services.governance.models import Base
from shared.migrate import run_migrations

run_migrations(Base.metadata, url_env="GOVERNANCE_DATABASE_URL")
