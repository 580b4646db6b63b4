"""Every operation has a plain English summary, from its service's table (by operation id)."""

from __future__ import annotations

import re
from importlib import import_module

import pytest

from tests.shared.openapi_documents import all_operations, operations


def test_summaries_are_plain_english_sentences(documents) -> None:
    for path, method, operation in all_operations(documents):
        summary = operation["summary"]
        assert summary[0].isupper() and "_" not in summary, (method, path, summary)
        assert not re.search(r"\ba [aeiou]", summary), summary
        assert summary != summary.title() or len(summary.split()) == 1, summary


@pytest.mark.parametrize("service", ["projects", "governance", "reporting"])
def test_every_service_operation_has_a_summary_in_the_table(documents, service) -> None:
    table = import_module(f"services.{service}.openapi").SUMMARIES
    shared = {"get_healthz", "get_readyz", "list_audit_records", "get_audit_record"}
    ids = {op["operationId"] for _, _, op in operations(documents[service])} - shared
    assert set(table) == ids
