"""Calling mutations in the gateway tests: one helper that sends ``input`` and answers the
payload (failing on any GraphQL error), and the selections the tests share."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import Gateway

USER_ERRORS = "userErrors { field message code }"
TASK = "id name version earlyStart earlyFinish critical wbsCode parentId"
CHANGED = f"changedTasks {{ {TASK} }}"


async def call(
    gateway: Gateway, name: str, selection: str, /, input_type: str | None = None, **input: Any
) -> dict[str, Any]:
    """``name(input: $input) { selection userErrors }``, the input type named after the
    mutation unless ``input_type`` names it."""
    kind = input_type or name[0].upper() + name[1:] + "Input"
    query = f"mutation($input: {kind}!) {{ {name}(input: $input) {{ {selection} {USER_ERRORS} }} }}"
    answer = await gateway.query(query, {"input": input})
    assert "errors" not in answer, answer
    payload: dict[str, Any] = answer["data"][name]
    return payload


async def ok(
    gateway: Gateway, name: str, selection: str, /, input_type: str | None = None, **input: Any
) -> dict[str, Any]:
    """As :func:`call`, and the payload has no userErrors."""
    payload = await call(gateway, name, selection, input_type, **input)
    assert payload["userErrors"] == [], payload
    return payload


def codes(payload: dict[str, Any]) -> set[tuple[str | None, str]]:
    return {(e["field"], e["code"]) for e in payload["userErrors"]}
