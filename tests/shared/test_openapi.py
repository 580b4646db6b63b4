"""The OpenAPI documents say what the services do: bearer auth, the shared headers, every
error status a route can answer, as the problem the services send."""

from __future__ import annotations

import re

from fastapi import APIRouter

from services.projects.models import idempotency_keys
from shared.app import ServiceSpec, create_service_app
from shared.auth import CurrentPrincipal
from shared.dependencies import IfMatch
from shared.settings import ServiceSettings
from tests.shared.openapi_documents import UNUSED_DB, all_operations, operations

PUBLIC = {"/healthz", "/readyz"}
# Webhooks another service sends: no bearer token, a Standard Webhooks signature instead
# (401 when it does not verify).
SIGNED = {"/v1/inbound/project-events"}
PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def test_every_operation_but_the_probes_needs_a_bearer_token(documents) -> None:
    for document in documents.values():
        scheme = document["components"]["securitySchemes"]["bearerAuth"]
        assert scheme == {**scheme, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        for path, _, operation in operations(document):
            if path in PUBLIC:
                assert operation["security"] == []
                assert "401" not in operation["responses"]
            elif path in SIGNED:
                assert operation["security"] == []
                assert "401" in operation["responses"]
            else:
                assert operation["security"] == [{"bearerAuth": []}], path
                assert {"401", "403"} <= operation["responses"].keys(), path


def test_every_error_is_a_problem_and_fastapis_422_is_gone(documents) -> None:
    for document in documents.values():
        schemas = document["components"]["schemas"]
        assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
        assert schemas["Problem"]["properties"]["errors"]["items"] == {
            "$ref": "#/components/schemas/FieldError"
        }
        for path, method, operation in operations(document):
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert response["content"] == PROBLEM_CONTENT, (method, path, status)
            assert "500" in operation["responses"]


def test_posts_take_an_idempotency_key_and_say_when_they_replay(documents) -> None:
    for path, method, operation in all_operations(documents):
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        success = next(r for s, r in operation["responses"].items() if s.startswith("2"))
        if method == "POST":
            assert "Idempotency-Key" in names, path
            assert "Idempotency-Replayed" in success.get("headers", {}), path
            assert {"409", "422"} <= operation["responses"].keys()
        else:
            assert "Idempotency-Key" not in names, path


def test_if_match_is_honoured_by_every_patch_and_delete_and_may_fail_with_412(documents) -> None:
    for path, method, operation in all_operations(documents):
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if method in ("PATCH", "PUT", "DELETE"):
            assert "If-Match" in names, (method, path)
        assert ("If-Match" in names) == ("412" in operation["responses"]), (method, path)


def test_versioned_bodies_come_with_their_etag(documents) -> None:
    paths = documents["projects"]["paths"]
    etag = paths["/v1/tasks/{task_id}"]["get"]["responses"]["200"]["headers"]["ETag"]
    assert etag["required"] is True
    created = paths["/v1/projects"]["post"]["responses"]["201"]["headers"]
    assert "ETag" in created
    listed = paths["/v1/projects/{project_id}/tasks"]["get"]["responses"]["200"]
    assert "ETag" not in listed.get("headers", {})


def test_statuses_follow_what_the_route_does() -> None:
    router = APIRouter()

    @router.get("/v1/open", operation_id="get_open")
    async def get_open() -> dict[str, str]:
        return {}

    @router.patch("/v1/things/{thing_id}", operation_id="update_thing")
    async def update_thing(
        thing_id: int, body: dict[str, int], principal: CurrentPrincipal, if_match: IfMatch
    ) -> dict[str, str]:
        return {}

    spec = ServiceSpec(
        name="projects",
        title="rules",
        settings=ServiceSettings(database_url=UNUSED_DB),
        routers=[router],
        idempotency=idempotency_keys,
    )
    paths = create_service_app(spec).openapi()["paths"]
    assert sorted(map(int, paths["/v1/open"]["get"]["responses"])) == [200, 429, 500, 503]
    patched = paths["/v1/things/{thing_id}"]["patch"]["responses"]
    assert sorted(map(int, patched)) == [
        *(200, 400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 500, 503)
    ]


RATE_LIMIT_HEADERS = {f"RateLimit-{name}" for name in ("Limit", "Remaining", "Reset", "Policy")}


def test_every_operation_but_the_probes_documents_its_rate_limit(documents) -> None:
    for path, method, operation in all_operations(documents):
        responses = operation["responses"]
        if path in PUBLIC:
            assert "429" not in responses, path
            continue
        refused = responses["429"]
        assert refused["content"] == PROBLEM_CONTENT, (method, path)
        headers = refused["headers"]
        assert {"Retry-After", *RATE_LIMIT_HEADERS} <= headers.keys(), (method, path)
        assert all(headers[name]["required"] for name in ("Retry-After", *RATE_LIMIT_HEADERS))
        # Every other answer carries them while limits are enabled: documented, not required.
        for status, response in responses.items():
            if status != "429":
                optional = response["headers"]
                assert optional.keys() >= RATE_LIMIT_HEADERS, (method, path, status)
                assert not any(optional[name].get("required") for name in RATE_LIMIT_HEADERS)


def test_every_operation_but_the_probes_documents_that_it_may_be_unavailable(documents) -> None:
    for path, method, operation in all_operations(documents):
        if path in PUBLIC:
            continue
        unavailable = operation["responses"]["503"]
        assert unavailable["content"] == PROBLEM_CONTENT, (method, path)
        assert "database" in unavailable["description"]
        # Sent by the database and token-key outages and an open circuit, not by every 503.
        assert unavailable["headers"]["Retry-After"].get("required") is not True
        if operation["security"]:
            assert "token keys" in unavailable["description"], (method, path)
            assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]


def test_error_answers_are_written_once_and_referenced(served_documents) -> None:
    """The same error answer on many operations is one `components/responses` entry (inline,
    the projects document was 1.8 MB): every reference names an entry, every entry is
    used, and each name says which variant it is (no numbered duplicates)."""
    for service, document in served_documents.items():
        shared = document["components"]["responses"]
        used: set[str] = set()
        for path, method, operation in operations(document):
            for status, response in operation["responses"].items():
                # (A status a route declares itself keeps its own words, inline.)
                if status in ("401", "500") and path not in PUBLIC | SIGNED:
                    assert "$ref" in response, (service, method, path, status)
                if "$ref" in response:
                    used.add(response["$ref"].removeprefix("#/components/responses/"))
        assert used == shared.keys(), service
        assert not any(name[-1].isdigit() for name in shared), sorted(shared)
        assert set(document["components"]["headers"]) >= {"ETag", "Retry-After"}


def test_reporting_documents_its_upstream_failures(documents) -> None:
    responses = documents["reporting"]["paths"]["/v1/portfolios/{portfolio_id}/summary"]["get"]
    assert {"502", "503", "504"} <= responses["responses"].keys()
    for _, _, operation in operations(documents["projects"]):
        assert "502" not in operation["responses"]


def test_governance_documents_upstream_failures_only_where_it_calls_projects(documents) -> None:
    by_id = {op["operationId"]: op["responses"] for _, _, op in operations(documents["governance"])}
    assert {"502", "503", "504"} <= by_id["create_evaluation"].keys()
    for operation_id in ("create_standard", "publish_standard", "create_standard_rule"):
        assert "502" not in by_id[operation_id], operation_id


def test_a_status_the_route_declares_keeps_its_description(documents) -> None:
    readyz = documents["projects"]["paths"]["/readyz"]["get"]["responses"]
    assert readyz["503"]["description"] == "The database is unreachable or not migrated."
    assert readyz["503"]["content"] == PROBLEM_CONTENT


LOCAL_TIMES = {
    "TaskRead": ["early_start", "early_finish", "late_start", "late_finish", "manual_start"],
    "TaskScheduleRead": ["early_start", "early_finish", "late_start", "late_finish"],
    "CriticalPath": ["project_finish"],
    "ProjectRead": ["scheduled_start", "scheduled_finish"],
    "BaselineRead": ["project_start", "project_finish"],
    "TaskVariance": ["baseline_start", "baseline_finish", "current_start", "current_finish"],
}


def test_local_scheduling_times_are_not_documented_as_rfc3339(documents) -> None:
    schemas = documents["projects"]["components"]["schemas"]
    for model, names in LOCAL_TIMES.items():
        for name in names:
            (branch,) = [
                b for b in schemas[model]["properties"][name]["anyOf"] if b["type"] != "null"
            ]
            assert "format" not in branch and "no UTC offset" in branch["description"], name
            assert re.fullmatch(branch["pattern"], "2025-01-06T08:00:00")
            assert not re.fullmatch(branch["pattern"], "2025-01-06T08:00:00Z")
    created_at = schemas["TaskRead"]["properties"]["created_at"]
    assert created_at["format"] == "date-time"


PYDANTIC_ONLY_KEYWORDS = {"max_digits", "decimal_places", "ge", "le", "gt", "lt"}


def _keywords(node: object) -> set[str]:
    if isinstance(node, dict):
        found = set(node) - {"properties"}
        for key, value in node.items():
            found |= _keywords(value) if key != "properties" else _keywords(list(value.values()))
        return found
    if isinstance(node, list):
        return set().union(*map(_keywords, node)) if node else set()
    return set()


def test_money_is_documented_as_a_decimal_string(documents) -> None:
    """Floats are refused for money: the document must not offer ``number`` (and must not
    leak pydantic's own constraint names, which JSON Schema ignores)."""
    schemas = documents["projects"]["components"]["schemas"]
    for model, name in [("ProjectCreate", "budget"), ("ChangeRequestCreate", "cost_impact")]:
        (branch,) = [b for b in schemas[model]["properties"][name]["anyOf"] if b["type"] != "null"]
        assert branch["type"] == "string" and re.fullmatch(branch["pattern"], "1250.00")
        assert not re.fullmatch(branch["pattern"], "12.345")
    for document in documents.values():
        assert not _keywords(document) & PYDANTIC_ONLY_KEYWORDS
