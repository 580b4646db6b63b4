"""The browser pages of the APIs (Swagger UI and ReDoc of each service, GraphiQL of the
gateway) load their scripts and styles from ``/static/vendor``, files vendored at pinned
versions into ``shared/static/vendor`` (tools/vendor_web_assets.py): behind a firewall no
page needs a public CDN."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"
VENDOR_URL = "/static/vendor"


def mount_vendor_assets(app: FastAPI) -> None:
    app.mount(VENDOR_URL, StaticFiles(directory=VENDOR_DIR), name="vendor")


def install_api_docs(app: FastAPI, *, title: str, openapi_url: str = "/openapi.json") -> None:
    """``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from the vendored assets."""
    mount_vendor_assets(app)

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} - Swagger UI",
            swagger_js_url=f"{VENDOR_URL}/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR_URL}/swagger-ui/swagger-ui.css",
            swagger_favicon_url=f"{VENDOR_URL}/swagger-ui/favicon-32x32.png",
            # The default validator badge asks a public service about the document.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{title} - ReDoc",
            redoc_js_url=f"{VENDOR_URL}/redoc/redoc.standalone.js",
            redoc_favicon_url=f"{VENDOR_URL}/swagger-ui/favicon-32x32.png",
            with_google_fonts=False,
        )
