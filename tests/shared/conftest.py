from __future__ import annotations

import pytest

from tests.shared.openapi_documents import Document, service_apps


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    """Each service's OpenAPI document, by service name."""
    return {name: app.openapi() for name, app in service_apps().items()}
