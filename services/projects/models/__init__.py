"""Every table of the projects database, one module each; importing this registers them."""

from services.projects.models.actual_cost import ActualCost
from services.projects.models.assignment import Assignment
from services.projects.models.base import Base, audit_records, event_tables, idempotency_keys
from services.projects.models.baseline import Baseline, BaselineTask
from services.projects.models.calendar import Calendar, CalendarException
from services.projects.models.change_request import ChangeRequest
from services.projects.models.dependency import Dependency
from services.projects.models.forecast import CorrectiveOption, CorrectivePolicy, RiskAnalysis
from services.projects.models.job import Job
from services.projects.models.portfolio import Portfolio
from services.projects.models.program import Program
from services.projects.models.project import Project
from services.projects.models.project_member import ProjectMember
from services.projects.models.raid import Assumption, Decision, Issue, Risk
from services.projects.models.resource import Resource, ResourceRate, ResourceTimeOff
from services.projects.models.status_update import StatusUpdate
from services.projects.models.task import Task

__all__ = [
    "ActualCost",
    "Assignment",
    "Assumption",
    "Base",
    "Baseline",
    "BaselineTask",
    "Calendar",
    "CalendarException",
    "ChangeRequest",
    "CorrectiveOption",
    "CorrectivePolicy",
    "Decision",
    "Dependency",
    "Issue",
    "Job",
    "Portfolio",
    "Program",
    "Project",
    "ProjectMember",
    "Resource",
    "ResourceRate",
    "ResourceTimeOff",
    "Risk",
    "RiskAnalysis",
    "StatusUpdate",
    "Task",
    "audit_records",
    "event_tables",
    "idempotency_keys",
]
