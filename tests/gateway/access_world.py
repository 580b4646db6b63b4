"""The world of the access matrix (test_access_matrix): the callers (global roles and project
roles) and one pair of projects, "own" (where the manager, member and viewer have their
roles) and "other" (where nobody but the global roles may look), each with a record of every
kind the matrix reads or changes by id. Arranged once, as admin, over the real services."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt

from shared.auth import GlobalRole, Principal, mint_token
from tests.conftest import JWT_SECRET
from tests.governance.lifecycle_factories import demo_lifecycle

OWN, OTHER = "own", "other"
ROLE_VALUES = frozenset(role.value for role in GlobalRole)
# A service token (branch `auth`: GlobalRole.integration, a "scope" claim and project limits
# in "pmo_projects"), limited to the own project. Until that role exists, a token naming it
# is a plain member with no membership (shared.auth keeps only known roles) and the matrix
# checks exactly that; once it exists, `integration_outcome` in test_access_matrix.py
# derives its answers from the scopes (HOOK for the lead: check it at the merge).
INTEGRATION_EXISTS = "integration" in ROLE_VALUES
INTEGRATION_CLAIMS: dict[str, Any] = {"scope": "projects:read tasks:write raid:write"}


@dataclass(frozen=True)
class Caller:
    name: str
    roles: tuple[str, ...]
    project_role: str | None = None  # on the "own" project
    extra_claims: dict[str, Any] = field(default_factory=dict)

    @property
    def principal(self) -> Principal:
        """As shared.auth reads the token: unknown roles dropped, none left -> member."""
        known = frozenset(GlobalRole(r) for r in self.roles if r in ROLE_VALUES)
        return Principal(self.name, known or frozenset({GlobalRole.member}), "")

    @property
    def integration(self) -> bool:
        return "integration" in self.roles


CALLERS = (
    Caller("admin", ("admin",)),
    Caller("pmo", ("pmo",)),
    Caller("executive", ("executive",)),
    Caller("manager", ("member",), "manager"),
    Caller("member", ("member",), "member"),
    Caller("viewer", ("member",), "viewer"),
    Caller("outsider", ("member",)),
    Caller("integration", ("integration",), extra_claims=INTEGRATION_CLAIMS),
)


def token_of(caller: Caller, subject: str, **claims: Any) -> str:
    token = mint_token(JWT_SECRET, subject=subject, roles=list(caller.roles))
    if not caller.extra_claims and not claims:
        return token
    # A service token carries claims mint_token does not write.
    minted = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode({**minted, **caller.extra_claims, **claims}, JWT_SECRET, algorithm="HS256")


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


@dataclass
class Target:
    """One project's records (ids as strings)."""

    project: str
    task: str = ""
    task2: str = ""
    link: str = ""
    risk: str = ""
    change_request: str = ""
    review: str = ""
    evaluation: str = ""
    action: str = ""
    issue: str = ""
    assumption: str = ""
    decision: str = ""
    status_update: str = ""
    cost: str = ""
    calendar: str = ""
    deliverable: str = ""
    member: str = ""
    audit_record: str = ""
    job: str = ""  # other: a job over the whole portfolio, own project included
    project_job: str = ""  # a levelling preview of the project


@dataclass
class World:
    http: dict[str, httpx.AsyncClient]  # service -> client as admin
    portfolio: str
    subjects: dict[str, str]  # caller name -> token subject
    tokens: dict[str, str]  # caller name -> token
    targets: dict[str, Target]
    lesson: str = ""
    portfolio_name: str = ""

    async def post(self, service: str, path: str, body: Any = None, **params: Any) -> Any:
        answer = await self.http[service].post(path, json=body, params=params)
        assert answer.status_code in (200, 201, 202), (path, answer.text)
        return answer.json()

    async def fresh_task(self, target: Target) -> str:
        body = {"name": unique("Doomed"), "duration_days": "1"}
        return str(
            (await self.post("projects", f"/v1/projects/{target.project}/tasks", body))["id"]
        )

    async def fresh_risk(self, target: Target) -> str:
        body = {"title": unique("Doomed risk"), "probability": 2, "impact": 3}
        return str(
            (await self.post("projects", f"/v1/projects/{target.project}/risks", body))["id"]
        )


Fresh = Callable[[World, Target], Awaitable[str]]


async def arrange(http: dict[str, httpx.AsyncClient]) -> World:
    portfolio = (await http["projects"].post("/v1/portfolios", json={"name": unique("ACL")})).json()
    subjects = {c.name: unique(f"acl-{c.name}") for c in CALLERS}
    subjects["admin"] = "admin"
    world = World(
        http=http,
        portfolio=portfolio["id"],
        subjects=subjects,
        tokens={c.name: token_of(c, subjects[c.name]) for c in CALLERS},
        targets={},
        portfolio_name=portfolio["name"],
    )
    lifecycle = await world.post("governance", "/v1/lifecycles", demo_lifecycle())
    await world.post("governance", f"/v1/lifecycles/{lifecycle['id']}/publish")
    for which in (OWN, OTHER):
        world.targets[which] = await _project(world, lifecycle["id"], which)
    # A preview of levelling the whole portfolio: as visible as the least visible project.
    job = await world.post("projects", f"/v1/portfolios/{world.portfolio}/levelling-previews", {})
    world.targets[OTHER].job = str(job["id"])
    other = world.targets[OTHER]
    job = await world.post("projects", f"/v1/projects/{other.project}/levelling-previews", {})
    other.project_job = str(job["id"])
    for caller in CALLERS:
        if caller.integration:  # limited to the own project
            own = world.targets[OWN].project
            world.tokens[caller.name] = token_of(caller, subjects[caller.name], pmo_projects=[own])
    lesson = {"title": unique("Lesson"), "category": "schedule", "recommendation": "y"}
    world.lesson = str((await world.post("governance", "/v1/lessons", lesson))["id"])
    return world


async def _project(world: World, lifecycle_id: str, which: str) -> Target:
    body = {"code": unique("ACL"), "name": f"Access {which}", "portfolio_id": world.portfolio}
    project = str((await world.post("projects", "/v1/projects", body))["id"])
    if which == OWN:
        for caller in CALLERS:
            if caller.project_role:
                member = {"user_id": world.subjects[caller.name], "role": caller.project_role}
                await world.post("projects", f"/v1/projects/{project}/members", member)
    target = Target(project=project)
    target.task = await world.fresh_task(target)
    target.task2 = await world.fresh_task(target)
    link = {"predecessor_id": target.task, "successor_id": target.task2}
    target.link = str(
        (await world.post("projects", f"/v1/projects/{project}/dependencies", link))["id"]
    )
    target.risk = await world.fresh_risk(target)
    change = await world.post(
        "projects", f"/v1/projects/{project}/change-requests", {"title": "CR"}
    )
    target.change_request = str(change["id"])
    await world.post("projects", f"/v1/projects/{project}/baselines/1")
    put = await world.http["governance"].put(
        f"/v1/projects/{project}/lifecycle", json={"lifecycle_id": lifecycle_id}
    )
    assert put.status_code == 200, put.text
    review = {"project_id": project, "to_phase": "approved"}
    target.review = str((await world.post("governance", "/v1/gate-reviews", review))["id"])
    evaluations = await world.post("governance", "/v1/evaluations", {"project_id": project})
    target.evaluation = str(_first_id(evaluations))
    await world.post("reporting", "/v1/snapshots", {"project_ids": [project]})
    action = {"project_id": project, "title": "Add a crew"}
    target.action = str((await world.post("reporting", "/v1/corrective-actions", action))["id"])
    await _more_records(world, target)
    return target


async def _more_records(world: World, target: Target) -> None:
    """Records only the by-id sweep (an outsider's 404s) looks up."""
    base = f"/v1/projects/{target.project}"
    rag = dict.fromkeys(
        ("overall_rag", "schedule_rag", "cost_rag", "scope_rag", "risk_rag"), "green"
    )
    made = {
        "issue": ("projects", "/issues", {"title": "Issue"}),
        "assumption": ("projects", "/assumptions", {"title": "Assumption"}),
        "decision": ("projects", "/decisions", {"title": "Decision", "decision": "Go"}),
        "status_update": ("projects", "/status-updates", {"as_of": "2026-01-05", **rag}),
        "cost": (
            "projects",
            "/actual-costs",
            {"incurred_on": "2026-01-05", "amount": "10", "currency": "EUR"},
        ),
        "calendar": ("projects", "/calendars", {"name": unique("Calendar")}),
        "deliverable": ("governance", "/deliverables", {"key": "charter", "name": "Charter"}),
        "member": ("projects", "/members", {"user_id": unique("acl-someone"), "role": "viewer"}),
    }
    for name, (service, path, body) in made.items():
        setattr(target, name, str((await world.post(service, base + path, body))["id"]))
    records = await world.http["projects"].get(
        "/v1/audit-records", params={"project_id": target.project}
    )
    target.audit_record = str(records.json()["items"][0]["id"])


def _first_id(answer: Any) -> Any:
    if isinstance(answer, dict) and "items" in answer:
        return answer["items"][0]["id"]
    if isinstance(answer, list):
        return answer[0]["id"]
    return answer["id"]
