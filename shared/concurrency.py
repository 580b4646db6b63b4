"""Optimistic concurrency over HTTP: ``ETag`` out, ``If-Match`` in, 412 when stale."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from shared.errors import PreconditionFailed


def etag_for(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_for(version)


def parse_if_match(value: str | None) -> list[int] | None:
    """The versions an ``If-Match`` header accepts; ``None`` for absent or ``*``."""
    if value is None or value.strip() == "*":
        return None
    versions: list[int] = []
    for part in value.split(","):
        tag = part.strip().removeprefix("W/").strip('"')
        if not tag.isdigit():
            raise PreconditionFailed(
                f"If-Match {part.strip()!r} is not an ETag issued by this API."
            )
        versions.append(int(tag))
    return versions


# What the header may hold: ``*`` or ETags of this API. Documentation only: anything else is
# a 412 (the tag matches no version), not a validation error.
IF_MATCH_PATTERN = r'^(\*|(W/)?"\d+"(\s*,\s*(W/)?"\d+")*)$'
IF_MATCH_DESCRIPTION = (
    "The `ETag` of the version you read: the change is made only if the resource is still "
    "at that version, else 412. `*` or no header: no check."
)


async def if_match_header(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description=IF_MATCH_DESCRIPTION,
            json_schema_extra={"pattern": IF_MATCH_PATTERN},
        ),
    ] = None,
) -> list[int] | None:
    return parse_if_match(if_match)


def check_version(current: int, expected: list[int] | None) -> None:
    if expected is not None and current not in expected:
        raise PreconditionFailed(
            f"The resource is at version {current}; your If-Match names {expected}. "
            "Fetch it again and reapply your change."
        )
