from __future__ import annotations

import pytest

from tests.shared.openapi_documents import Document, service_apps, with_shared_parts_inline


@pytest.fixture(scope="module")
def served_documents() -> dict[str, Document]:
    """Each service's OpenAPI document as served, by service name."""
    return {name: app.openapi() for name, app in service_apps().items()}


@pytest.fixture(scope="module")
def documents(served_documents: dict[str, Document]) -> dict[str, Document]:
    """The documents with their shared responses and headers resolved, as a client reads
    them."""
    return {name: with_shared_parts_inline(doc) for name, doc in served_documents.items()}
