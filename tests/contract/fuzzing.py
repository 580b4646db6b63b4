"""Runs schemathesis against a service app in-process and reports what it found.

The engine (the runner behind ``schemathesis run``) drives the app through schemathesis'
ASGI transport, which runs every app in one event-loop thread of its own: the apps given
here are fresh ones, never the session-scoped apps of the other tests (their database
pools belong to pytest's loop)."""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from asgi_lifespan import LifespanManager
from schemathesis.engine import events, from_schema
from schemathesis.engine.run import PhaseName
from schemathesis.python.asgi import shutdown_lifespans
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.events.feed.router import MAX_WAIT_SECONDS
from shared.idempotency import IDEMPOTENCY_KEY_PATTERN
from tests.contract.seed import Ids

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
# Half the generated ids are seeded rows: the other half exercise the 404s.
SEEDED_ID_PROBABILITY = 0.5
IF_MATCH_ANY_PROBABILITY = 0.75
# Body fields that name a row, by the path-parameter name of the rows they name.
BODY_REFERENCES = {
    "predecessor_id": "task_id",
    "successor_id": "task_id",
    "parent_id": "task_id",
    "portfolio_id": "portfolio_id",
    "calendar_id": "calendar_id",
    "lifecycle_id": "lifecycle_id",
    "project_id": "project_id",
    # Not a row, but a value the generator hardly ever hits: an override's expiry (ahead,
    # within the allowed days).
    "expires_at": "expires_at",
}
VALID_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
EXCERPT = 400


@dataclass
class FuzzReport:
    operations: set[str] = field(default_factory=set)
    examples: int = 0
    seconds: float = 0.0
    # CPU of the whole process (generation, checks and the in-process app; not PostgreSQL):
    # unlike ``seconds``, it does not grow when other work shares the cores.
    cpu_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    # (operation, status) -> responses: shows the seeded ids reached past the 404s.
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)

    def succeeded(self, operation: str) -> bool:
        return any(op == operation and 200 <= status < 300 for op, status in self.statuses)

    def unreached(self) -> list[str]:
        """Operations that never answered 2xx (the seeded ids did not get them past a 4xx)."""
        return sorted(op for op in self.operations if not self.succeeded(op))

    def summary(self, service: str) -> str:
        return (
            f"schemathesis {service}: {len(self.operations)} operations, "
            f"{self.examples} examples, {self.seconds:.1f} s (CPU {self.cpu_seconds:.1f} s), "
            f"{len(self.failures)} failures"
        )


@dataclass(frozen=True)
class Targets:
    """Seeded rows by path-parameter name: ``keep`` for every operation, ``doomed`` (a
    second set) for the DELETEs, so deleting the seeded project early does not leave the
    other operations only 404s to hit."""

    keep: Ids
    doomed: Ids


def seeded(
    app: ASGIApp, token: str, seed: Callable[[httpx.AsyncClient], Awaitable[Ids]]
) -> Targets:
    """Seed through the API in a lifespan of its own, before schemathesis starts the app."""

    async def run() -> Targets:
        async with (
            LifespanManager(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://seed",
                headers={"authorization": f"Bearer {token}"},
            ) as http,
        ):
            return Targets(keep=await seed(http), doomed=await seed(http))

    return asyncio.run(run())


def fuzz(app: ASGIApp, *, token: str, targets: Targets, max_examples: int, seed: int) -> FuzzReport:
    config = schemathesis.Config.from_dict(_settings(token, targets, max_examples, seed))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    schema.hook(map_case)
    report = FuzzReport()
    started, cpu_started = time.monotonic(), time.process_time()
    try:
        for event in from_schema(schema).execute():
            _record(event, report)
    finally:
        shutdown_lifespans()
    report.seconds = time.monotonic() - started
    report.cpu_seconds = time.process_time() - cpu_started
    return report


def _settings(token: str, targets: Targets, max_examples: int, seed: int) -> dict[str, Any]:
    return {
        "seed": seed,
        # No cache of earlier runs (in .schemathesis/): every run starts from the same state.
        "cache": {"enabled": False},
        "generation": {
            "mode": "all",  # positive and negative data
            "max-examples": max_examples,
            "deterministic": True,
            "database": "none",  # no example database: each run generates the same cases
        },
        "headers": {"Authorization": f"Bearer {token}"},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        # Stateful: chains of calls along the links inferred from Location headers.
        "phases": {"stateful": {"enabled": True}},
        "continue-on-failure": True,
        "workers": 1,
        "dictionaries": {
            "if_match": {"values": ["*"]},
            # The change feed's long poll: short waits and bad ones, never 25 s per example.
            "feed_wait": {"values": ["0", "0.05", "-1", "26", "soon"]},
            **{name: {"values": values} for name, values in targets.keep.items()},
            **{f"doomed_{name}": {"values": values} for name, values in targets.doomed.items()},
        },
        "parameters": {
            **_bindings(targets.keep, ""),
            "query.wait": {"dictionary": "feed_wait", "probability": 1.0},
        },
        "operations": [
            {"include-method": "DELETE", "parameters": _bindings(targets.doomed, "doomed_")}
        ],
    }


def _bindings(ids: Ids, prefix: str) -> dict[str, Any]:
    """Where the seeded ids go: path parameters of their name, and the body fields that
    name other rows (a link's tasks, a task's parent, a project's portfolio)."""
    bindings = {f"path.{name}": _use(prefix + name) for name in ids}
    for body_field, name in BODY_REFERENCES.items():
        if name in ids:
            bindings[f"body.{body_field}"] = _use(prefix + name)
    # Mostly "*" (no check), else a random tag: the 412 path still gets its share.
    bindings["header.If-Match"] = _use("if_match", IF_MATCH_ANY_PROBABILITY)
    return bindings


def _use(dictionary: str, probability: float = SEEDED_ID_PROBABILITY) -> dict[str, Any]:
    return {"dictionary": dictionary, "probability": probability}


def map_case(context: Any, case: Any) -> Any:
    """A valid ``Idempotency-Key`` becomes a digest of the request: the generator repeats
    short keys ("0", "A") across bodies, and every repeat would be the documented 422 for a
    reused key instead of reaching the route. Identical requests still share a key (and
    get the documented replay); invalid keys are left for the 422 they earn."""
    _shorten_long_poll(case)
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and VALID_KEY.fullmatch(key) and len(key) <= 255:
        request = repr((case.method, case.formatted_path, case.query, case.body, key))
        headers["Idempotency-Key"] = hashlib.sha256(request.encode()).hexdigest()
    return case


def _shorten_long_poll(case: Any) -> None:
    """A valid long-poll ``wait`` of more than a moment becomes a short one. The coverage
    and stateful phases do not always take it from the ``feed_wait`` dictionary, and a
    feed with no news really waits (up to 25 s): more than the client's 10 s read timeout,
    a failure of the fuzz, not of the service. Invalid waits are left for their 422."""
    query = case.query if isinstance(case.query, dict) else {}
    try:
        wait = float(query.get("wait", "0"))
    except (TypeError, ValueError):
        return
    if 0.05 < wait <= MAX_WAIT_SECONDS:
        query["wait"] = "0.05"


def _record(event: events.EngineEvent, report: FuzzReport) -> None:
    if isinstance(event, events.ScenarioFinished):
        if event.phase != PhaseName.STATEFUL_TESTING:  # its label names a scenario
            report.operations.add(event.recorder.label)
        report.examples += len(event.recorder.cases)
        for interaction in event.recorder.interactions.values():
            if interaction.response is not None:
                report.statuses[(event.recorder.label, interaction.response.status_code)] += 1
        report.failures.extend(_check_failures(event))
    elif isinstance(event, events.NonFatalError):
        report.failures.append(f"{event.label}: error {event.value!r}")
    elif isinstance(event, events.FatalError):
        report.failures.append(f"fatal: {event.exception!r}")


def _check_failures(event: events.ScenarioFinished) -> Iterator[str]:
    recorder = event.recorder
    for case_id, checks in recorder.checks.items():
        for check in checks:
            if check.failure_info is None:
                continue
            failure = check.failure_info.failure
            message = " ".join(failure.message.split())[:EXCERPT]
            yield (
                f"{recorder.label} [{check.name}] {failure.title}: {message}\n"
                f"    {_exchange(recorder.interactions.get(case_id))}"
            )


def _exchange(interaction: Any) -> str:
    if interaction is None:
        return "(no request recorded)"
    request, response = interaction.request, interaction.response
    body = (request.body or b"")[:EXCERPT]
    answer = f"{response.status_code} {response.content[:EXCERPT]!r}" if response else "-"
    return f"{request.method} {request.uri} {body!r} -> {answer}"


class WithUpstream:
    """An app whose lifespan also runs an upstream app's (in the same event loop), so a
    service that calls another in-process finds it started."""

    def __init__(self, app: ASGIApp, upstream: ASGIApp) -> None:
        self.app = app
        self.upstream = upstream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        async with LifespanManager(self.upstream):
            await self.app(scope, receive, send)
