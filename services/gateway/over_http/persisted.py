"""Persisted queries: the automatic persisted query protocol and the allow-list.

A client sends ``extensions.persistedQuery = {"version": 1, "sha256Hash": <hex>}`` instead
of the query text (by GET too, so that shared caches can keep reads). An unknown hash is
answered with the error ``PersistedQueryNotFound``; the client then sends hash and text once,
and the gateway keeps the text (after checking the hash) in a bounded LRU store for the next
requests.

With ``GATEWAY_PERSISTED_QUERIES_ONLY`` the gateway runs only the documents of the allow-list
file (``GATEWAY_PERSISTED_QUERIES_FILE``, loaded at start-up): a query text, or a hash not in
the list, is refused with ``PersistedQueryNotAllowed``, so a browser can run nothing but what
the front end was built with.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

import orjson

from services.gateway.over_http.requests import BadRequest, GraphQLRequest

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class PersistedQueryError(Exception):
    """A GraphQL request error of the protocol: answered as ``errors`` with a code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def not_found() -> PersistedQueryError:
    return PersistedQueryError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class LruDocuments:
    """Query texts by hash, bounded by count and by total characters."""

    def __init__(self, *, max_entries: int, max_chars: int) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.chars = 0
        self.entries: OrderedDict[str, str] = OrderedDict()

    def get(self, key: str) -> str | None:
        text = self.entries.get(key)
        if text is not None:
            self.entries.move_to_end(key)
        return text

    def put(self, key: str, text: str) -> None:
        if len(text) > self.max_chars:
            return
        previous = self.entries.pop(key, None)
        if previous is not None:
            self.chars -= len(previous)
        self.entries[key] = text
        self.chars += len(text)
        while len(self.entries) > self.max_entries or self.chars > self.max_chars:
            _, evicted = self.entries.popitem(last=False)
            self.chars -= len(evicted)

    def __len__(self) -> int:
        return len(self.entries)


def load_allow_list(path: Path) -> dict[str, str]:
    """``{"<sha256>": "<document>", ...}``, or an Apollo persisted-query manifest
    (``{"operations": [{"id": ..., "body": ...}]}``); every hash is checked."""
    payload = orjson.loads(path.read_bytes())
    if isinstance(payload, dict) and isinstance(payload.get("operations"), list):
        pairs = {entry["id"]: entry["body"] for entry in payload["operations"]}
    elif isinstance(payload, dict):
        pairs = payload
    else:
        raise ValueError(f"{path}: expected a JSON object of sha256 hash -> document")
    for key, text in pairs.items():
        if not isinstance(text, str) or sha256(text) != key:
            raise ValueError(f"{path}: the document listed as {key} does not hash to it")
    return dict(pairs)


class PersistedQueries:
    def __init__(
        self,
        *,
        max_entries: int,
        max_chars: int,
        allow_list: dict[str, str] | None = None,
    ) -> None:
        self.allow_list = allow_list
        self.store = LruDocuments(max_entries=max_entries, max_chars=max_chars)

    def resolve(self, request: GraphQLRequest) -> str | None:
        """The hash to register once the request ran cleanly (APQ with text), else None;
        fills in ``request.query`` from the store or the allow-list, or refuses."""
        key = _requested_hash(request.extensions)
        if key is None:
            if self.allow_list is not None:
                raise PersistedQueryError(
                    "PersistedQueryNotAllowed: this gateway runs only registered documents; "
                    "send extensions.persistedQuery.sha256Hash of one of them.",
                    "PERSISTED_QUERY_NOT_ALLOWED",
                )
            return None
        if request.query is not None and sha256(request.query) != key:
            raise BadRequest("The persistedQuery sha256Hash does not match the query's.")
        if self.allow_list is not None:
            known = self.allow_list.get(key)
            if known is None:
                raise PersistedQueryError(
                    "PersistedQueryNotAllowed: the document is not in this gateway's allow-list.",
                    "PERSISTED_QUERY_NOT_ALLOWED",
                )
            request.query = known
            return None
        if request.query is not None:
            return key
        known = self.store.get(key)
        if known is None:
            raise not_found()
        request.query = known
        return None

    def register(self, key: str, text: str) -> None:
        self.store.put(key, text)


def _requested_hash(extensions: dict[str, Any] | None) -> str | None:
    if not extensions or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise BadRequest("extensions.persistedQuery must be {version: 1, sha256Hash}.")
    key = persisted.get("sha256Hash")
    if not isinstance(key, str) or SHA256_HEX.fullmatch(key) is None:
        raise BadRequest("extensions.persistedQuery.sha256Hash must be 64 lowercase hex digits.")
    return key
