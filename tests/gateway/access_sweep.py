"""The by-id sweep of the access matrix: every REST operation of the three services whose rule
is about one project (project_read, project_write, project_manage, project_filter,
gate_approver), called by an outsider with the ids of the other project's records. Each
must answer 404, as for an id that does not exist: a 2xx shows or changes what is not theirs,
a 403 (or a 409 or 412 about the record's state) tells them it exists.

Operations are taken from the OpenAPI documents, so new ones are swept as soon as their
path parameters name records the world has (PARAMETERS); the others are listed as not
swept in the printed summary."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, replace
from typing import Any

import httpx
from fastapi import FastAPI

from services.gateway.ids import global_id
from shared.permissions import Rule
from tests.gateway.access_world import CALLERS, Target, World, token_of, unique

PROJECT_RULES = frozenset(
    {
        Rule.project_read,
        Rule.project_write,
        Rule.project_manage,
        Rule.project_filter,
        Rule.gate_approver,
    }
)
# Path parameter -> the Target field holding such an id (entry_id: by the path's family).
PARAMETERS = {
    "project_id": "project",
    "task_id": "task",
    "dependency_id": "link",
    "change_request_id": "change_request",
    "review_id": "review",
    "evaluation_id": "evaluation",
    "action_id": "action",
    "status_update_id": "status_update",
    "cost_id": "cost",
    "calendar_id": "calendar",
    "deliverable_id": "deliverable",
    "member_id": "member",
    "record_id": "audit_record",
    "job_id": "job",
}
ENTRIES = {"risks": "risk", "issues": "issue", "assumptions": "assumption", "decisions": "decision"}
CONSTANTS = {"number": "1", "item_key": "business-case"}


def _value(path: str, name: str, target: dict[str, Any]) -> str | None:
    if name in CONSTANTS:
        return CONSTANTS[name]
    if name == "entry_id":
        return target.get(ENTRIES.get(path.split("/")[2], ""))
    field = PARAMETERS.get(name)
    return target.get(field) if field else None


def _filled(path: str, target: Target) -> str | None:
    """The path with the target's ids, or None when it names a record the world lacks."""
    values = asdict(target)
    out = path
    for name in re.findall(r"\{(\w+)\}", path):
        value = _value(path, name, values)
        if not value:
            return None
        out = out.replace("{" + name + "}", value)
    return out


def _unknown_like(target: Target) -> Target:
    return Target(**{k: (str(uuid.uuid4()) if v else v) for k, v in asdict(target).items()})


def _as_for_unknown(answer: httpx.Response, unknown: httpx.Response, swap: dict[str, str]) -> bool:
    """The same answer as for ids nobody has: no 2xx, no 403, the same problem (404; or a
    422 for a parameter naming a project, or for a body the operation needs)."""
    if answer.status_code < 300 or answer.status_code == 403:
        return False
    return answer.status_code == unknown.status_code and _timeless(
        _swap(_without_request_id(answer.text), swap)
    ) == _timeless(_without_request_id(unknown.text))


def _without_request_id(text: str) -> str:
    return re.sub(r'"request_id":"[0-9a-f]+"', "", text)


async def sweep(
    world: World,
    apps: dict[str, FastAPI],
    rules: dict[str, dict[str, Rule]],
    token: str,
    target: Target,
) -> tuple[list[str], list[str], list[str]]:
    """(operations answering 404, leaks, operations not swept)."""
    checked: list[str] = []
    leaks: list[str] = []
    skipped: list[str] = []
    headers = {"authorization": f"Bearer {token}"}
    unknown_target = _unknown_like(target)
    swap = {real: asdict(unknown_target)[name] for name, real in asdict(target).items() if real}
    for service, app in apps.items():
        for path, item in app.openapi()["paths"].items():
            for method, operation in item.items():
                op_id = operation["operationId"]
                if rules[service].get(op_id) not in PROJECT_RULES:
                    continue
                filled = _filled(path, target)
                if filled is None:
                    skipped.append(f"{service}.{op_id}")
                    continue
                # A job of the portfolio and one of the project, each in turn.
                jobs = (target.job, target.project_job) if "{job_id}" in path else (target.job,)
                for job in jobs:
                    answer, unknown = [
                        await _call(world, service, method, path, which, headers)
                        for which in (replace(target, job=job), unknown_target)
                    ]
                    if not _as_for_unknown(answer, unknown, {**swap, job: unknown_target.job}):
                        leaks.append(
                            f"{method.upper()} {path} ({op_id}): {answer.status_code} "
                            f"{answer.text[:160]}"
                        )
                checked.append(f"{service}.{op_id}")
    return checked, leaks, skipped


async def _call(
    world: World, service: str, method: str, path: str, target: Target, headers: dict[str, str]
) -> httpx.Response:
    # No id in the path: the project is named in the query or the body.
    named = {} if "{" in path else {"project_id": target.project}
    return await world.http[service].request(
        method.upper(),
        _filled(path, target) or path,
        params=named,
        json=named if method in ("post", "put", "patch") else None,
        headers=headers,
    )


VISIBLE_RULES = frozenset({Rule.visible, Rule.project_list})
DATES = {"from": "2025-01-01", "to": "2027-12-31", "metric": "spi"}


def _ids(target: Target) -> set[str]:
    return {value for value in asdict(target).values() if value}


def _query(name: str, own: Target, other: Target) -> str | None:
    """Both projects' ids (or records) for a query parameter naming them."""
    both = {
        "project_ids": (own.project, other.project),
        "ids": None,  # by the path's family, below
        "task_ids": (own.task, other.task),
        "successor_ids": (own.task2, other.task2),
    }
    if name in DATES:
        return DATES[name]
    pair = both.get(name)
    return ",".join(pair) if pair else None


def _list_query(path: str, names: list[str], own: Target, other: Target) -> dict[str, str]:
    query = {n: v for n in names if (v := _query(n, own, other)) is not None}
    if "ids" in names and path == "/v1/tasks":
        query["ids"] = f"{own.task},{other.task}"
    if "ids" in names and path == "/v1/projects":
        query["ids"] = f"{own.project},{other.project}"
    return query


async def stranger_sees_an_empty_portfolio(
    world: World, apps: dict[str, FastAPI], rules: dict[str, dict[str, Rule]]
) -> tuple[list[str], list[str]]:
    """Every GET on a portfolio with a visible rule, asked by someone with no project role:
    the world's portfolio (full of projects they may not read) must look like an empty
    portfolio (its id and name swapped). (checked, leaks)"""
    made = await world.post("projects", "/v1/portfolios", {"name": f"{world.portfolio_name}-0"})
    empty, stand_ins = str(made["id"]), {world.portfolio: str(made["id"])}
    stand_ins[world.portfolio_name] = str(made["name"])
    headers = {"authorization": f"Bearer {token_of(CALLERS[-2], unique('acl-stranger'))}"}
    checked: list[str] = []
    leaks: list[str] = []
    for service, app in apps.items():
        for path, item in app.openapi()["paths"].items():
            operation = item.get("get")
            rule = rules[service].get(operation["operationId"]) if operation else None
            if rule != Rule.visible or "{portfolio_id}" not in path or path.endswith(".xlsx"):
                continue
            query = {k: v for k, v in DATES.items() if k != "metric"}
            full, bare = [
                await world.http[service].get(
                    path.replace("{portfolio_id}", which), params=query, headers=headers
                )
                for which in (world.portfolio, empty)
            ]
            admin_full = await world.http[service].get(
                path.replace("{portfolio_id}", world.portfolio), params=query
            )
            if _timeless(_swap(admin_full.text, stand_ins)) == _timeless(bare.text):
                continue  # the admin sees no more in it either: nothing to check
            checked.append(f"{service}.{operation['operationId']}")
            if _timeless(_swap(full.text, stand_ins)) != _timeless(bare.text):
                leaks.append(f"GET {path}: {full.status_code} {full.text[:300]}")
    return checked, leaks


async def sweep_lists(
    world: World,
    apps: dict[str, FastAPI],
    rules: dict[str, dict[str, Rule]],
    reader: str,
) -> tuple[list[str], list[str], list[str]]:
    """Every GET with a visible rule, as admin and as ``reader`` (a member of the own project
    only), asked for both projects: the reader's answer must hold none of the other project's
    ids. (checked, leaks, vacuous: the admin's answer held none of them either)."""
    own, other = world.targets["own"], world.targets["other"]
    hidden = _ids(other) - _ids(own)
    checked: list[str] = []
    leaks: list[str] = []
    vacuous: list[str] = []
    for service, app in apps.items():
        for path, item in app.openapi()["paths"].items():
            operation = item.get("get")
            if (
                operation is None
                or rules[service].get(operation["operationId"]) not in VISIBLE_RULES
            ):
                continue
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            if "{" in path and "{portfolio_id}" not in path:
                vacuous.append(f"{service}.{operation['operationId']}")
                continue
            url = path.replace("{portfolio_id}", world.portfolio)
            query = _list_query(path, names, own, other)
            answers = [
                await world.http[service].get(
                    url, params=query, headers={"authorization": f"Bearer {world.tokens[who]}"}
                )
                for who in ("admin", reader)
            ]
            name = f"{service}.{operation['operationId']}"
            if answers[0].status_code != 200 or not any(i in answers[0].text for i in hidden):
                vacuous.append(name)
                continue
            checked.append(name)
            leak = await _shows(world, service, url, query, hidden, reader, answers[1])
            if leak:
                leaks.append(f"GET {path} ({name}): {leak}")
    return checked, leaks, vacuous


async def _shows(
    world: World,
    service: str,
    url: str,
    query: dict[str, str],
    hidden: set[str],
    reader: str,
    answer: httpx.Response,
) -> str:
    """What ``answer`` gives away of the other project: its records' ids, or any difference
    from the answer to the same request naming unknown ids in place of the other project's
    (which may come back, as asked: unknown and invisible must look the same)."""
    asked = {i for value in query.values() for i in value.split(",")} & hidden
    if answer.status_code != 200:
        return f"status {answer.status_code}"
    seen = sorted(i for i in hidden - asked if i in answer.text)
    if seen:
        return f"shows {seen}"
    stand_ins = {i: str(uuid.uuid4()) for i in asked}
    unknown_query = {k: _swap(v, stand_ins) for k, v in query.items()}
    unknown = await world.http[service].get(
        url, params=unknown_query, headers={"authorization": f"Bearer {world.tokens[reader]}"}
    )
    if _timeless(_swap(answer.text, stand_ins)) != _timeless(unknown.text):
        return f"answers otherwise than for unknown ids: {answer.text[:300]}"
    return ""


def _timeless(text: str) -> str:
    """Without the answer's clock readings (generated_at, evaluated_at)."""
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "T", text)


def _swap(text: str, stand_ins: dict[str, str]) -> str:
    for real, stand_in in stand_ins.items():
        text = text.replace(real, stand_in)
    return text


NODE_TYPES = {
    "Project": "project",
    "Task": "task",
    "ActualCost": "cost",
    "Evaluation": "evaluation",
    "GateReview": "review",
}
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"


async def sweep_nodes(
    http: httpx.AsyncClient, tokens: dict[str, str], target: Target
) -> tuple[list[str], list[str]]:
    """node/nodes of the gateway with ids of ``target``'s records: the admin reads each, the
    outsider gets null for each (as for an unknown id), never the record nor a 403."""
    values = asdict(target)
    checked: list[str] = []
    leaks: list[str] = []
    for type_name, field in NODE_TYPES.items():
        ids = [str(global_id(type_name, values[field]))]
        answers = {}
        for who in ("admin", "outsider"):
            answer = await http.post(
                "/graphql",
                json={"query": NODES, "variables": {"ids": ids}},
                headers={"authorization": f"Bearer {tokens[who]}"},
            )
            # extensions (the query's cost) say nothing about the records
            answers[who] = {k: v for k, v in answer.json().items() if k != "extensions"}
        checked.append(type_name)
        if answers["admin"].get("data", {}).get("nodes") != [{"id": ids[0]}]:
            leaks.append(f"{type_name}: the admin cannot read it: {answers['admin']}")
        if answers["outsider"] != {"data": {"nodes": [None]}}:
            leaks.append(f"{type_name}: the outsider gets {answers['outsider']}")
    return checked, leaks
