"""Every table of the projects database, one module each; importing this registers them."""

from services.projects.models.base import Base, idempotency_keys
from services.projects.models.portfolio import Portfolio
from services.projects.models.project import Project
from services.projects.models.project_member import ProjectMember
from services.projects.models.task import Task

__all__ = ["Base", "Portfolio", "Project", "ProjectMember", "Task", "idempotency_keys"]
