"""The parts of a template's blueprint: the WBS (tasks by key), the links between them, the
default RAID entries and the required deliverables. Each part is bounded in size, so one
template stays one reasonable document (and one reasonable project plan)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.clients.projects.planning import LinkType
from shared.clients.projects.records import ResponseStrategy, Severity
from shared.clients.projects.tasks import ConstraintType

MAX_TASKS = 500
MAX_LINKS = 1000
MAX_RAID_ENTRIES = 100
MAX_DELIVERABLES = 200
MAX_STANDARDS = 50
MAX_TAGS = 20

Key = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="Unique within its list; letters, digits, '.', '_' and '-'.",
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=300)]
Text = Annotated[str, Field(max_length=5000)]
Role = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        description="'manager' and 'sponsor' become the instantiated project's manager and "
        "sponsor; any other role is named in the entry's description, to be assigned.",
    ),
]
Rating = Annotated[int, Field(ge=1, le=5)]
WorkingDays = Annotated[Decimal, Field(ge=0, le=10_000, max_digits=7, decimal_places=2)]
LagDays = Annotated[
    Decimal,
    Field(
        ge=-10_000,
        le=10_000,
        max_digits=7,
        decimal_places=2,
        description="Working days; negative is a lead.",
    ),
]
# Constraints that pin a date; ASAP and ALAP take none.
DATED_CONSTRAINTS = frozenset(ConstraintType) - {ConstraintType.ASAP, ConstraintType.ALAP}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TaskConstraint(Strict):
    type: ConstraintType
    offset_days: int | None = Field(
        default=None,
        ge=0,
        le=3650,
        description="Calendar days after the project's start date that the constraint's "
        "date falls on; required by the dated types (all but ASAP and ALAP).",
    )

    @model_validator(mode="after")
    def _dated_types_need_an_offset(self) -> TaskConstraint:
        if self.type in DATED_CONSTRAINTS and self.offset_days is None:
            raise ValueError(f"constraint type {self.type} needs offset_days")
        return self


class TemplateTask(Strict):
    key: Key
    name: Name
    parent_key: Key | None = Field(default=None, description="The summary task it sits under.")
    duration_days: WorkingDays = Decimal(0)
    milestone: bool = False
    constraint: TaskConstraint | None = None


class TemplateLink(Strict):
    predecessor_key: Key
    successor_key: Key
    type: LinkType = LinkType.FS
    lag_days: LagDays = Decimal(0)


class TemplateRisk(Strict):
    title: Name
    description: Text | None = None
    probability: Rating
    impact: Rating
    owner_role: Role | None = None
    response_strategy: ResponseStrategy | None = None
    mitigation: Text | None = None


class TemplateAssumption(Strict):
    title: Name
    description: Text | None = None
    owner_role: Role | None = None


class TemplateIssue(Strict):
    title: Name
    description: Text | None = None
    severity: Severity = Severity.medium
    owner_role: Role | None = None


class RaidDefaults(Strict):
    """The RAID entries every project made from the template starts with."""

    risks: list[TemplateRisk] = Field(default_factory=list, max_length=MAX_RAID_ENTRIES)
    assumptions: list[TemplateAssumption] = Field(default_factory=list, max_length=MAX_RAID_ENTRIES)
    issues: list[TemplateIssue] = Field(default_factory=list, max_length=MAX_RAID_ENTRIES)


class TemplateDeliverable(Strict):
    key: Annotated[
        str,
        Field(
            min_length=1,
            max_length=80,
            pattern=r"^[a-z0-9][a-z0-9._-]*$",
            description="The key of the deliverable in the project's register (rules name it).",
        ),
    ]
    name: Name
    phase: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        default=None, description="The lifecycle phase (key) it is due in."
    )
    description: Text | None = None


Tasks = Annotated[list[TemplateTask], Field(max_length=MAX_TASKS)]
Links = Annotated[list[TemplateLink], Field(max_length=MAX_LINKS)]
Deliverables = Annotated[list[TemplateDeliverable], Field(max_length=MAX_DELIVERABLES)]
StandardKeys = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")]],
    Field(max_length=MAX_STANDARDS, description="Keys of the standards that apply."),
]
Tags = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.:/-]+$")]],
    Field(max_length=MAX_TAGS),
]
