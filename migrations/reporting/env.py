from services.reporting.models import Base
from shared.migrate import run_migrations

run_migrations(Base.metadata, url_env="REPORTING_DATABASE_URL")
