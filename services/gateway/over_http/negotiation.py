"""Which media type to answer in (``Accept``) and whether a POST body is one we read
(``Content-Type``), as the GraphQL-over-HTTP specification asks."""

from __future__ import annotations

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
SUPPORTED = (GRAPHQL_RESPONSE, JSON)


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def _match(media: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The quality the client gives ``media`` and how specific the range that gave it is
    (2 exact, 1 ``type/*``, 0 ``*/*``); (0, -1) when no range matches."""
    kind = media.split("/", 1)[0]
    best = (0.0, -1)
    for candidate, quality in ranges:
        if candidate == media:
            specificity = 2
        elif candidate == f"{kind}/*":
            specificity = 1
        elif candidate == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (quality, specificity)
    return best


def answer_media_type(accept: str | None) -> str | None:
    """The media type to answer in; None when the client accepts neither (406).

    No ``Accept`` (or an empty one) means ``application/json``, as the specification asks of
    a server that older clients use. A client naming ``application/graphql-response+json``
    gets it unless it prefers ``application/json``; a wildcard alone gets
    ``application/json``."""
    if accept is None or not accept.strip():
        return JSON
    ranges = _ranges(accept)
    scored = []
    for media in SUPPORTED:
        quality, specificity = _match(media, ranges)
        if quality > 0:
            # On a tie the new type wins only where the client named it.
            preference = 1 if media == JSON else (2 if specificity == 2 else 0)
            scored.append((quality, specificity, preference, media))
    if not scored:
        return None
    return max(scored)[3]


def accepts_html(accept: str | None) -> bool:
    """A browser asking for a page (GraphiQL), not a client asking for JSON."""
    return accept is not None and "text/html" in accept.lower()


def json_content_type(content_type: str | None) -> bool | None:
    """True for ``application/json`` in UTF-8 (no charset means UTF-8); False for another
    charset or type; None when the header is missing."""
    if content_type is None:
        return None
    media, *params = (piece.strip() for piece in content_type.split(";"))
    if media.lower() != JSON:
        return False
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() != "utf-8":
            return False
    return True
