"""The depth and alias limits against nested fragment spreads: each fragment spreading the
next one twice, 40 levels down. strawberry's limiters walked every spread (2**40 walks
before the error); ours measure each fragment once (services/gateway/query_shape.py).

The request runs in a gateway process of its own (tests/gateway/one_request.py), so a
validation that never ends is a failed test after a generous bound, not a hung run; the
bound guards against hanging, it is not a performance assertion (the time is printed).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from typing import Any

import orjson
from graphql import get_introspection_query

from tests.gateway.conftest import Gateway

# Generous: the gateway process starts within it too (5-11 s on a loaded test machine).
HANG_GUARD_SECONDS = 60
LEVELS = 40


def doubling_fragments(levels: int, leaf: str) -> str:
    """F0 spreads F1 twice, F1 spreads F2 twice, ... F<levels> selects ``leaf``: the leaf
    is reached 2**levels times, in a document that grows linearly with the levels."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    fragments.append(f"fragment F{levels} on Query {{ {leaf} }}")
    return "query Doubling { ...F0 }\n" + "\n".join(fragments)


async def post_in_own_process(query: str, **settings: object) -> dict[str, Any]:
    """The gateway's answer (status and body), from a process killed after the guard."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.gateway.one_request",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    request = orjson.dumps({"settings": settings, "body": {"query": query}})
    started = time.perf_counter()
    try:
        stdout, _ = await asyncio.wait_for(process.communicate(request), HANG_GUARD_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"no answer within {HANG_GUARD_SECONDS} s") from None
    elapsed = time.perf_counter() - started
    assert process.returncode == 0
    answer: dict[str, Any] = orjson.loads(stdout.splitlines()[-1])
    print(
        f"\ndoubling spreads: request answered in {answer['seconds']:.3f} s "
        f"(gateway process, start-up included: {elapsed:.2f} s)"
    )
    return answer


async def test_doubling_fragments_over_the_depth_limit_are_refused_promptly() -> None:
    # projects > edges > node > id: depth 3, over a limit of 2; reached 2**40 times.
    leaf = "projects(first: 1) { edges { node { id } } }"
    answer = await post_in_own_process(doubling_fragments(LEVELS, leaf), max_depth=2)
    assert answer["status"] == 200
    [error] = answer["body"]["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP"}
    assert error["message"] == "'Doubling' exceeds maximum operation depth of 2"


async def test_doubling_fragments_over_the_alias_limit_are_refused_promptly() -> None:
    # One alias reached 2**40 times, against the default limit of 30.
    answer = await post_in_own_process(doubling_fragments(LEVELS, "kind: __typename"))
    assert answer["status"] == 200
    [error] = answer["body"]["errors"]
    assert error["extensions"] == {"code": "TOO_MANY_ALIASES"}
    assert error["message"] == f"{2**LEVELS} aliases found. Allowed: 30"


async def test_aliases_inside_fragments_count_at_every_spread(gateway: Gateway) -> None:
    # Within the limit, exactly: 2**4 spreads of one alias = 16 of the default 30 allowed.
    within = await gateway.query(doubling_fragments(4, "kind: __typename"))
    assert "errors" not in within
    over = await gateway.query(doubling_fragments(5, "kind: __typename"))
    assert over["errors"][0]["message"] == "32 aliases found. Allowed: 30"


async def test_the_introspection_query_passes_the_limits(gateway: Gateway) -> None:
    # Its TypeRef fragment nests ofType far deeper than the depth limit: __ fields add none.
    answer = await gateway.query(get_introspection_query(descriptions=True))
    assert "errors" not in answer
    assert answer["data"]["__schema"]["queryType"]["name"] == "Query"
