"""Operation ids are a contract (DESIGN §3: stable ``verb_noun`` names): clients generated
from the documents call them by name. Each service's set is pinned in
``operation_ids/<service>.txt``: a rename, or a route lost in a move, fails here; a new
operation is added to the list on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared.openapi_documents import service_apps

PINNED = Path(__file__).parent / "operation_ids"


@pytest.mark.parametrize("service", ["projects", "governance", "reporting"])
def test_operation_ids_are_the_pinned_ones(service: str) -> None:
    document = service_apps()[service].openapi()
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    pinned = (PINNED / f"{service}.txt").read_text().split()
    assert len(ids) == len(set(ids)), "operation ids must be unique"
    assert sorted(ids) == sorted(pinned)
