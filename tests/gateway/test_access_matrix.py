"""Access proven: callers (admin, pmo, executive, a project's manager, member and viewer, an
outsider, a service token) x operations (access_operations) x their own project and another
one, through REST and through the gateway. Each expected answer is derived from the
operation's rule in the permission maps (services/<svc>/permissions.py, and
services/gateway/permissions.py for a GraphQL field), then checked against the real one:
2xx, 403, or 404 -- a lookup by id of anything in a project the caller may not read is a 404,
never a 403, so ids do not leak; and lists with a "visible" rule hold the other project's
records only for those who may read it ("hidden" below). A table of what was checked is
printed at the end of the run."""

from __future__ import annotations

import asyncio
import importlib
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.gateway.config import GatewaySettings
from services.gateway.main import create_app as create_gateway_app
from services.gateway.permissions import PERMISSIONS as GATEWAY
from services.governance.permissions import PERMISSIONS as GOVERNANCE
from services.projects.permissions import PERMISSIONS as PROJECTS
from services.reporting.permissions import PERMISSIONS as REPORTING
from shared.permissions import Rule
from tests.conftest import NOTES
from tests.gateway.access_operations import OPERATIONS, Graph, Op, make_fresh
from tests.gateway.access_sweep import (
    stranger_sees_an_empty_portfolio,
    sweep,
    sweep_lists,
    sweep_nodes,
)
from tests.gateway.access_world import (
    CALLERS,
    INTEGRATION_CLAIMS,
    INTEGRATION_EXISTS,
    OTHER,
    OWN,
    Caller,
    World,
    arrange,
    unique,
)

RULES = {"projects": PROJECTS, "governance": GOVERNANCE, "reporting": REPORTING}
WRITER_ROLES = frozenset({"manager", "member"})
OUTCOMES = ("2xx", "hidden", "403", "404")
# Ops of one service run one after the other (a snapshot and an update of the same
# corrective action may clash, rightly, with a 409); the services run side by side.
LANES = ("projects", "governance", "reporting")


def integration_outcome(rule: Rule, op: Op, project: str | None) -> str:
    """HOOK (lead, at the merge of branch `auth`; written from its shared/scopes.py): what
    the service token (INTEGRATION_CLAIMS, limited to the own project) gets. The scope is
    checked first, by the REST operation (reads need projects:read; a write its family's
    scope, and writes of no family are closed: 403); then the limits, as project access
    (404 outside them). It is never a member, pmo, admin or a global reader."""
    scopes = importlib.import_module("shared.scopes")
    needed = scopes.required_scope(op.method, op.op_id)
    if needed is None or needed not in scopes.parse_scopes(INTEGRATION_CLAIMS["scope"]):
        return "403"
    closed = {Rule.global_read, Rule.pmo, Rule.admin, Rule.creator, Rule.project_manage}
    if rule in closed or rule in (Rule.governance_service, Rule.gate_approver):
        return "403"
    if rule in (Rule.project_filter, Rule.project_list) and project is None:
        return "403"
    if rule in (Rule.public, Rule.authenticated, Rule.author):
        return "2xx"
    if rule in (Rule.visible, Rule.project_list):
        return "2xx" if project in (OWN, None) else "hidden"
    return "2xx" if project == OWN else "404"


def expected(rule: Rule, caller: Caller, project: str | None, op: Op) -> str:
    """The answer ``rule`` (shared.permissions) gives ``caller`` on ``project`` (None: an
    operation on no project) for ``op``."""
    if caller.integration and INTEGRATION_EXISTS:
        return integration_outcome(rule, op, project)
    creates = op.method == "POST" and "{" not in op.path
    principal = caller.principal
    role = caller.project_role if project == OWN else None
    reads = principal.can_read_all or role is not None
    if rule in (Rule.project_filter, Rule.project_list) and project is None:
        rule = Rule.global_read
    if rule == Rule.project_filter:
        rule = Rule.project_read
    if rule == Rule.project_list:
        return "2xx" if reads else "hidden"
    if rule in (Rule.public, Rule.authenticated):
        return "2xx"
    if rule == Rule.visible:
        return "2xx" if reads or project is None else "hidden"
    if rule == Rule.global_read:
        return "2xx" if principal.can_read_all else "403"
    if rule == Rule.pmo:
        return "2xx" if principal.can_write_all else "403"
    if rule == Rule.creator:
        return "2xx" if principal.roles - {"executive"} else "403"
    if rule == Rule.author:  # the matrix's lesson is the admin's
        return "2xx" if creates or principal.can_write_all else "403"
    if rule == Rule.project_read:
        return "2xx" if reads else "404"
    writers = {Rule.project_write: WRITER_ROLES, Rule.project_manage: {"manager"}}[rule]
    if principal.can_write_all or role in writers:
        return "2xx"
    return "403" if reads else "404"


@dataclass
class Cell:
    operation: str
    via: str
    caller: str
    project: str
    expected: str
    got: str
    detail: str = ""


@pytest.fixture(scope="module")
async def world(upstream_apps: dict[str, FastAPI], admin_token: str) -> AsyncIterator[World]:
    clients = {
        name: httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=f"http://{name}",
            headers={"authorization": f"Bearer {admin_token}"},
        )
        for name, app in upstream_apps.items()
    }
    try:
        yield await arrange(clients)
    finally:
        for client in clients.values():
            await client.aclose()


@pytest.fixture(scope="module")
async def gateway_http(upstream_apps: dict[str, FastAPI]) -> AsyncIterator[httpx.AsyncClient]:
    transports = {
        name: httpx.ASGITransport(app=app, raise_app_exceptions=False)
        for name, app in upstream_apps.items()
    }
    urls = {f"{name}_url": f"http://{name}" for name in upstream_apps}
    settings = GatewaySettings.model_validate({**urls, "upstream_retries": 0})
    app = create_gateway_app(settings, transports=transports)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as http,
    ):
        yield http


def _vars(world: World, project: str | None, fresh: str) -> dict[str, Any]:
    target = asdict(world.targets[project]) if project else {}
    return {
        **target,
        "portfolio": world.portfolio,
        "lesson": world.lesson,
        "fresh": fresh,
        "unique": unique("ACL"),
    }


async def _rest(world: World, op: Op, caller: Caller, project: str | None) -> Cell:
    rule = RULES[op.service][op.op_id]
    want = expected(rule, caller, project, op)
    v = _vars(world, project, await make_fresh(world, op, project and world.targets[project]))
    answer = await world.http[op.service].request(
        op.method,
        op.path.format(**v),
        json=op.body(v) if op.body else None,
        params=op.params(v) if op.params else None,
        headers={"authorization": f"Bearer {world.tokens[caller.name]}"},
    )
    got = "2xx" if 200 <= answer.status_code < 300 else str(answer.status_code)
    if got == "2xx" and op.marker is not None and op.marker(v) not in answer.text:
        got = "hidden"
    return Cell(op.op_id, "REST", caller.name, project or "-", want, got, answer.text[:200])


async def _graphql(
    world: World, http: httpx.AsyncClient, op: Op, caller: Caller, project: str | None
) -> Cell:
    graph: Graph = op.graph  # type: ignore[assignment]
    rule = GATEWAY[graph.field]
    want = expected(rule, caller, project, op)
    v = _vars(world, project, await make_fresh(world, op, project and world.targets[project]))
    answer = await http.post(
        "/graphql",
        json={"query": graph.document, "variables": graph.variables(v)},
        headers={"authorization": f"Bearer {world.tokens[caller.name]}"},
    )
    assert answer.status_code == 200, answer.text
    got = _graph_outcome(answer.json(), graph, rule, v)
    return Cell(graph.field, "GraphQL", caller.name, project or "-", want, got, answer.text[:200])


def _graph_outcome(body: dict[str, Any], graph: Graph, rule: Rule, v: dict[str, Any]) -> str:
    statuses = [e.get("extensions", {}).get("status") for e in body.get("errors") or []]
    if statuses:
        return str(statuses[0]) if len(set(statuses)) == 1 else f"mixed {statuses}"
    data = body["data"][graph.field.split(".")[1]]
    if data is None:
        return "hidden" if rule == Rule.visible else "404"
    if isinstance(data, dict) and data.get("userErrors"):
        return "userErrors"
    if graph.marker is not None and graph.marker(v) not in str(data):
        return "hidden"
    return "2xx"


async def _cells(world: World, http: httpx.AsyncClient, op: Op) -> list[Cell]:
    projects: tuple[str | None, ...] = tuple(world.targets) if op.scoped else (None,)
    cells = []
    for caller in CALLERS:
        for project in projects:
            cells.append(await _rest(world, op, caller, project))
            if op.graph is not None:
                cells.append(await _graphql(world, http, op, caller, project))
    return cells


async def _lane(world: World, http: httpx.AsyncClient, service: str) -> list[Cell]:
    cells = []
    for op in OPERATIONS:
        if op.service == service:
            cells += await _cells(world, http, op)
    return cells


async def test_every_role_gets_what_the_permission_map_says(
    world: World, gateway_http: httpx.AsyncClient, request: pytest.FixtureRequest
) -> None:
    per_lane = await asyncio.gather(*(_lane(world, gateway_http, lane) for lane in LANES))
    cells = [cell for cells in per_lane for cell in cells]
    request.config.stash.setdefault(NOTES, []).extend(_summary(cells))
    wrong = [c for c in cells if c.got != c.expected]
    assert not wrong, "answers differing from the permission map:\n" + "\n".join(
        f"  {c.via} {c.operation} as {c.caller} on {c.project}: expected {c.expected}, "
        f"got {c.got}: {c.detail}"
        for c in wrong
    )


def _summary(cells: list[Cell]) -> list[str]:
    """Operations x callers: the answers checked, as 2xx/hidden/403/404 counts."""
    table: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for cell in cells:
        table[f"{cell.via} {cell.operation}"][cell.caller][cell.got] += 1
    names = [caller.name for caller in CALLERS]
    lines = [
        "access matrix: answers checked per operation and caller, as 2xx/hidden/403/404"
        " (hidden: a 2xx without the records of a project the caller may not read)",
        f"{'operation':46}" + "".join(f"{name[:11]:>12}" for name in names),
    ]
    for operation in sorted(table):
        row = table[operation]
        lines.append(
            f"{operation[:46]:46}"
            + "".join(f"{'/'.join(str(row[n][o]) for o in OUTCOMES):>12}" for n in names)
        )
    totals = Counter(cell.got for cell in cells)
    lines.append(
        f"access matrix: {len(cells)} answers checked: "
        + ", ".join(f"{o} {totals[o]}" for o in OUTCOMES)
        + f", other {sum(c.got not in OUTCOMES for c in cells)}"
        + f"; {sum(c.got != c.expected for c in cells)} differing from the map"
    )
    return lines


async def test_an_outsider_gets_404_for_every_record_of_another_project(
    world: World,
    upstream_apps: dict[str, FastAPI],
    gateway_http: httpx.AsyncClient,
    request: pytest.FixtureRequest,
) -> None:
    checked, leaks, skipped = await sweep(
        world, upstream_apps, RULES, world.tokens["outsider"], world.targets[OTHER]
    )
    nodes, node_leaks = await sweep_nodes(gateway_http, world.tokens, world.targets[OTHER])
    leaks += node_leaks
    request.config.stash.setdefault(NOTES, []).append(
        f"access by id: {len(checked)} operations answered an outsider with the other "
        f"project's ids: {len(checked) - len(leaks)} with 404, {len(leaks)} leaking; "
        f"not swept (no such record in the world): {', '.join(sorted(skipped))}; "
        f"GraphQL nodes(ids:) of the other project null for the outsider: {', '.join(nodes)}"
    )
    assert not leaks, "an outsider learns of records by id:\n" + "\n".join(leaks)


async def test_lists_hold_only_what_the_caller_may_read(
    world: World, upstream_apps: dict[str, FastAPI], request: pytest.FixtureRequest
) -> None:
    checked, leaks, vacuous = await sweep_lists(world, upstream_apps, RULES, "member")
    request.config.stash.setdefault(NOTES, []).append(
        f"access in lists: {len(checked)} 'visible' reads asked for both projects by a member "
        f"of one: {len(checked) - len(leaks)} without the other's records, {len(leaks)} "
        f"leaking; not checked (no record of the other project in the admin's answer): "
        f"{', '.join(sorted(vacuous))}"
    )
    assert not leaks, "a list shows records of a project the caller may not read:\n" + "\n".join(
        leaks
    )


async def test_a_portfolio_of_unreadable_projects_looks_empty(
    world: World, upstream_apps: dict[str, FastAPI], request: pytest.FixtureRequest
) -> None:
    checked, leaks = await stranger_sees_an_empty_portfolio(world, upstream_apps, RULES)
    request.config.stash.setdefault(NOTES, []).append(
        f"access in portfolio roll-ups: {len(checked)} 'visible' portfolio reads by a caller "
        f"with no project role: {len(checked) - len(leaks)} the same as for an empty "
        f"portfolio, {len(leaks)} leaking"
    )
    assert not leaks, "a portfolio read shows projects the caller may not read:\n" + "\n".join(
        leaks
    )
