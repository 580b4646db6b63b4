from services.projects.models import Base
from shared.migrate import run_migrations

run_migrations(Base.metadata, url_env="PROJECTS_DATABASE_URL")
