"""Poisoned request bodies against every write operation of the three services (every
POST/PUT/PATCH with a JSON body in their OpenAPI documents), through the real apps on
migrated PostgreSQL databases of their own.

Each example starts from a valid-shaped body drawn from the operation's schema
(:mod:`tests.faults.poison`) and puts one poison in it as raw JSON text: NUL and unpaired
surrogates (``\\u0000``/``\\ud800`` escapes, and raw surrogate bytes), huge numbers
(``1e400``, ``10**400``, ``-10**400``), 10,000 levels of arrays or objects, a value of a
wrong type, a 200,000-character string. Every answer is below 500, every 4xx is
problem+json, and a poisoned value gets 422 (a bulk item of a wrong shape: its own 422
problem in the 200 answer, as bulk items are validated one by one). Bytes that are not
JSON (RFC 8259) get 400: a raw NUL byte inside a string (JSON requires control characters
escaped) and invalid UTF-8.
An oversize string gets whatever the field's rules say (422 over a maxLength, 413 over the
body limit, else the write goes through): below 500 is all that is asked of it.

The one write whose body is not JSON, the MSPDI import (XML or multipart), is left to its
own tests (tests/projects/interchange).

Deterministic (derandomized, no example database) and bounded: ``PMO_POISON_EXAMPLES``
examples per operation (default 20)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Coroutine, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import pytest
from asgi_lifespan import LifespanManager
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.testing.database import run_databases
from tests.contract.fuzz_services import SETUPS
from tests.contract.fuzzing import Targets
from tests.faults.poison import (
    BY_KIND,
    KINDS,
    OVERSIZE,
    OVERSIZE_STRING,
    SENTINEL,
    UNPROCESSABLE,
    WRONG_TYPE,
    Leaf,
    Resolver,
    Walker,
    encode,
    leaves_for,
    put,
    wrong_value,
)
from tests.shared.openapi_documents import operations, service_apps

EXAMPLES = int(os.environ.get("PMO_POISON_EXAMPLES", "20"))
PROBLEM = "application/problem+json"
T = TypeVar("T")


DOCUMENTS = {name: app.openapi() for name, app in service_apps().items()}


def _write_operations() -> list[tuple[str, str, str, dict[str, Any]]]:
    found = []
    for service, document in DOCUMENTS.items():
        for path, method, operation in operations(document):
            content = operation.get("requestBody", {}).get("content", {})
            if method in {"POST", "PUT", "PATCH"} and "application/json" in content:
                found.append((service, method, path, operation))
    return found


OPERATIONS = _write_operations()


@dataclass
class Tally:
    examples: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    operations: set[str] = field(default_factory=set)
    started: float = field(default_factory=time.monotonic)


class Services:
    """The three apps started in an event loop on a thread of their own, so Hypothesis'
    synchronous test drives them one request at a time."""

    def __init__(self, apps: dict[str, Any], token: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.stack = AsyncExitStack()
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.run(self._start(apps, token))

    async def _start(self, apps: dict[str, Any], token: str) -> None:
        for name, app in apps.items():
            await self.stack.enter_async_context(LifespanManager(app, startup_timeout=60))
            self.clients[name] = await self.stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app),
                    base_url=f"http://{name}",
                    headers={"authorization": f"Bearer {token}"},
                    timeout=60,
                )
            )

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self) -> None:
        self.run(self.stack.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()


@pytest.fixture(scope="module")
def services(database_server, admin_token: str) -> Iterator[tuple[Services, dict[str, Targets]]]:
    with run_databases(database_server, "faults_poison") as urls:
        apps, targets = {}, {}
        for name, setup in SETUPS.items():
            apps[name], targets[name] = setup(urls, admin_token)
        running = Services(apps, admin_token)
        try:
            yield running, targets
        finally:
            running.close()


@pytest.fixture(scope="module")
def tally(figures) -> Iterator[Tally]:
    found = Tally()
    yield found
    seconds = time.monotonic() - found.started
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(found.statuses.items()))
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(found.by_kind.items()))
    figures["poisoned writes (hypothesis over every JSON write schema)"] = [
        f"operations: {len(found.operations)} of {len(OPERATIONS)}, examples run: "
        f"{found.examples} in {seconds:.1f} s",
        f"answers by status: {statuses}",
        f"poisons: {kinds}",
        f"500s: {len(found.server_errors)}",
    ]


def _url(path: str, operation: dict[str, Any], targets: Targets) -> str:
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        name = parameter["name"]
        values = targets.keep.get(name)
        schema = parameter.get("schema", {})
        value = values[0] if values else (schema.get("enum") or [str(uuid.uuid4())])[0]
        path = path.replace("{" + name + "}", str(value))
    return path


def _poisoned(
    data: st.DataObject, document: dict[str, Any], schema: dict[str, Any]
) -> tuple[str, bytes]:
    walker = Walker(Resolver(document), data.draw)
    body = walker.value(schema, ())
    kind = data.draw(st.sampled_from(KINDS), label="poison")
    if kind == WRONG_TYPE:
        leaves = [leaf for leaf in walker.leaves if wrong_value(leaf.schema) is not None]
        leaf = data.draw(st.sampled_from(leaves or [Leaf((), {"type": ["object", "null"]})]))
        return kind, encode(put(body, leaf.path, wrong_value(leaf.schema)))
    if kind == OVERSIZE_STRING:
        leaf = data.draw(st.sampled_from(leaves_for(walker.leaves, "string") or [Leaf((), {})]))
        return kind, encode(put(body, leaf.path, "x" * OVERSIZE))
    poison = BY_KIND[kind]
    leaf = data.draw(st.sampled_from(leaves_for(walker.leaves, poison.targets) or [Leaf((), {})]))
    return kind, encode(put(body, leaf.path, SENTINEL), poison.fragment)


def _expected(kind: str) -> frozenset[int] | None:
    if kind == WRONG_TYPE:
        return UNPROCESSABLE
    if kind == OVERSIZE_STRING:
        return None
    return BY_KIND[kind].expected


@pytest.mark.parametrize(
    ("service", "method", "path", "operation"),
    OPERATIONS,
    ids=[f"{s}:{m} {p}" for s, m, p, _ in OPERATIONS],
)
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_poisoned_write_is_refused_without_a_500(
    services, tally: Tally, service: str, method: str, path: str, operation, data
) -> None:
    running, targets = services
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    kind, body = _poisoned(data, DOCUMENTS[service], schema)
    url = _url(path, operation, targets[service])
    headers = {"content-type": "application/json", "if-match": "*"}
    client = running.clients[service]
    response = running.run(client.request(method, url, content=body, headers=headers))
    tally.examples += 1
    tally.statuses[response.status_code] += 1
    tally.by_kind[kind] += 1
    tally.operations.add(f"{service} {method} {path}")
    where = f"{service} {method} {url} [{kind}] -> {response.status_code}"
    if response.status_code >= 500:
        tally.server_errors.append(where)
    assert response.status_code < 500, f"{where}: {response.text[:500]}"
    if response.status_code >= 400:
        assert response.headers["content-type"] == PROBLEM, where
    expected = _expected(kind)
    if operation.get("x-permission") == "signed":
        # A signed webhook: the request guard refuses the poison it sees at the door (422,
        # 400), and the rest reaches the signature check, which refuses it unsigned (401).
        expected = (expected or frozenset()) | {401}
    if expected is not None and not _refused_per_item(kind, response):
        assert response.status_code in expected, f"{where}: {response.text[:500]}"


def _refused_per_item(kind: str, response: httpx.Response) -> bool:
    """A bulk operation's items are free-form objects in the document, each validated on
    its own: an item of a wrong shape gets its 422 problem inside the 200 answer."""
    if kind != WRONG_TYPE or response.status_code != 200:
        return False
    items = response.json().get("items", [])
    return any((item.get("problem") or {}).get("status") == 422 for item in items)
