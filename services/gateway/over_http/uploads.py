"""File uploads: the GraphQL multipart request specification
(https://github.com/jaydenseric/graphql-multipart-request-spec), for mutations only.

A ``multipart/form-data`` POST holds an ``operations`` field (the usual JSON request, with
null where each file goes), a ``map`` field (file field name -> the variable paths it
fills) and the files. Its size is capped on its own (``GATEWAY_MAX_UPLOAD_BYTES``, by
:class:`~shared.guards.RequestGuardMiddleware` in front of the endpoint), as is the number
of files. A browser cannot send such a form across sites with a bearer token without a
CORS preflight, so the usual CSRF worry of multipart GraphQL does not arise here: every
request needs ``Authorization``."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.types import Receive, Scope
from strawberry.file_uploads.utils import replace_placeholders_with_files

from services.gateway.over_http.requests import BadRequest, GraphQLRequest, checked
from shared.errors import PayloadTooLarge

MULTIPART = "multipart/form-data"
MAX_FILES = 5


def is_multipart(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == MULTIPART


async def from_multipart(scope: Scope, receive: Receive) -> GraphQLRequest:
    """The request with each file in place of its null; the form (and its spooled files)
    stays open until :func:`close` after execution."""
    try:
        form = await Request(scope, receive).form(max_files=MAX_FILES, max_fields=MAX_FILES + 2)
    except PayloadTooLarge:  # a streamed body over the cap (413)
        raise
    except Exception as error:  # python-multipart's and Starlette's parse errors vary
        raise BadRequest(f"The multipart request cannot be read: {error}.") from None
    try:
        operations = _json_field(form, "operations")
        mapping = _json_field(form, "map")
        if not isinstance(operations, dict) or not isinstance(mapping, dict):
            raise BadRequest("operations must be a JSON object and map a JSON object.")
        files = {name: _file(form, name) for name in mapping}
        payload = replace_placeholders_with_files(operations, mapping, files)
    except (BadRequest, KeyError, IndexError, TypeError, ValueError) as error:
        await form.close()
        raise BadRequest(_message(error)) from None
    request = checked(payload)
    request.form = form
    return request


async def close(request: GraphQLRequest) -> None:
    if request.form is not None:
        await request.form.close()


def _json_field(form: FormData, name: str) -> Any:
    value = form.get(name)
    if not isinstance(value, str):
        raise BadRequest(f"The multipart request has no {name} field.")
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        raise BadRequest(f"The {name} field is not JSON.") from None


def _file(form: FormData, name: str) -> UploadFile:
    value = form.get(name)
    if not isinstance(value, UploadFile):
        raise BadRequest(f"The map names a file {name!r} the request does not hold.")
    return value


def _message(error: Exception) -> str:
    if isinstance(error, BadRequest):
        return str(error)
    return "The map names a variable path the operations do not have."
